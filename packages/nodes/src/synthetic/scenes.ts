import type { SeededRandom } from '../contract/random'
import { type Canvas, createCanvas } from './canvas'
import { fractalNoise, valueNoise } from './noise'

/** Kinds of product the generator can draw. */
export type ProductKind = 'fabric' | 'metal' | 'part'

/**
 * One normal product image and what defects need to know about it: where the product is (defects go
 * on it) and what lies behind it (what a missing piece reveals).
 */
export interface Scene {
  canvas: Canvas
  /** True where the pixel belongs to the product. */
  onProduct(x: number, y: number): boolean
  /** The colour seen through a hole or a missing piece at (x, y). */
  behind(x: number, y: number): [number, number, number]
  /** The outer edge of a round part, where missing pieces are bitten out; absent for flat textures. */
  rim?: { cx: number; cy: number; radius: number }
}

/** Per-image lighting: a gain and a linear gradient, so normal images are not identical. */
function lighting(rng: SeededRandom, size: number): (x: number, y: number) => number {
  const gain = rng.uniform(0.9, 1.1)
  const angle = rng.uniform(0, 2 * Math.PI)
  const slope = rng.uniform(0, 0.12) / size
  return (x, y) => gain * (1 + slope * ((x - size / 2) * Math.cos(angle) + (y - size / 2) * Math.sin(angle)))
}

function paint(size: number, colour: (x: number, y: number) => readonly number[]): Canvas {
  const canvas = createCanvas(size)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const rgb = colour(x, y)
      canvas.data.set(rgb, (y * size + x) * 3)
    }
  }
  return canvas
}

/** Plain-woven fabric: over/under threads with fibre noise, random phase, tint and lighting. */
function fabric(rng: SeededRandom, size: number): Scene {
  const period = size / 16
  const phaseX = rng.uniform(0, period * 2)
  const phaseY = rng.uniform(0, period * 2)
  const fibre = fractalNoise(rng.fork('fibre'), 32, 32, 2)
  const tint = [0.55 + rng.uniform(-0.03, 0.03), 0.5 + rng.uniform(-0.03, 0.03), 0.38 + rng.uniform(-0.03, 0.03)]
  const light = lighting(rng, size)
  const colour = (x: number, y: number): number[] => {
    const u = (x + phaseX) / period
    const v = (y + phaseY) / period
    const warpOnTop = (Math.floor(u) + Math.floor(v)) % 2 === 0
    const across = warpOnTop ? u - Math.floor(u) : v - Math.floor(v)
    const shade = 0.55 + 0.45 * Math.sin(Math.PI * across) + 0.25 * (fibre(x / size, y / size) - 0.5)
    const l = light(x, y) * shade
    return tint.map((c) => c * l)
  }
  return { canvas: paint(size, colour), onProduct: () => true, behind: () => [0.06, 0.05, 0.05] }
}

/** Brushed metal: streaks along x, broad sheen, random streak phase and lighting. */
function metal(rng: SeededRandom, size: number): Scene {
  const streaks = fractalNoise(rng.fork('streaks'), 2, 64, 3)
  const sheen = valueNoise(rng.fork('sheen'), 3, 3)
  const base = rng.uniform(0.55, 0.65)
  const light = lighting(rng, size)
  const colour = (x: number, y: number): number[] => {
    const u = x / size
    const v = y / size
    const l = light(x, y) * (base + 0.22 * (streaks(u, v) - 0.5) + 0.12 * (sheen(u, v) - 0.5))
    return [l * 0.97, l, l * 1.04]
  }
  return { canvas: paint(size, colour), onProduct: () => true, behind: () => [0.04, 0.04, 0.05] }
}

/** A round machined part (washer-like disc with a centre bore) on a plain background, shifted slightly. */
function part(rng: SeededRandom, size: number): Scene {
  const cx = size / 2 + rng.uniform(-0.03, 0.03) * size
  const cy = size / 2 + rng.uniform(-0.03, 0.03) * size
  const outer = size * rng.uniform(0.36, 0.38)
  const bore = size * 0.1
  const groove = size * 0.24
  const grain = fractalNoise(rng.fork('grain'), 16, 16, 2)
  const light = lighting(rng, size)
  const background = rng.uniform(0.18, 0.24)
  const behind = (x: number, y: number): [number, number, number] => {
    const g = background * light(x, y) * (0.95 + 0.1 * grain(x / size, y / size))
    return [g, g, g * 1.1]
  }
  const onProduct = (x: number, y: number): boolean => {
    const r = Math.hypot(x + 0.5 - cx, y + 0.5 - cy)
    return r <= outer && r >= bore
  }
  const colour = (x: number, y: number): readonly number[] => {
    if (!onProduct(x, y)) return behind(x, y)
    const r = Math.hypot(x + 0.5 - cx, y + 0.5 - cy)
    const ring = Math.abs(r - groove) < size * 0.015 ? 0.6 : 1
    const l = light(x, y) * ring * (0.68 + 0.1 * (r / outer) + 0.1 * (grain(x / size, y / size) - 0.5))
    return [l, l * 0.98, l * 0.95]
  }
  return { canvas: paint(size, colour), onProduct, behind, rim: { cx, cy, radius: outer } }
}

/** Draws one normal image of the given kind. */
export function renderScene(kind: ProductKind, rng: SeededRandom, size: number): Scene {
  if (kind === 'fabric') return fabric(rng, size)
  if (kind === 'metal') return metal(rng, size)
  return part(rng, size)
}
