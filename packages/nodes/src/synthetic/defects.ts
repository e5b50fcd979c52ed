import type { SeededRandom } from '../contract/random'
import { blendPixel } from './canvas'
import type { Scene } from './scenes'

/** Defect types the generator paints. None of them comes from DefectMaker (no Bezier blobs, no noise or cut-paste fills). */
export const SYNTHETIC_DEFECT_TYPES = ['scratch', 'hole', 'stain', 'missing'] as const
export type SyntheticDefectType = (typeof SYNTHETIC_DEFECT_TYPES)[number]

/** Paints one defect into the scene's canvas and returns its exact 0/1 mask (the pixels it changed). */
type Painter = (scene: Scene, rng: SeededRandom) => Uint8Array

/** A random point on the product, at least `margin` pixels from the border. */
function placeOnProduct(scene: Scene, rng: SeededRandom, margin: number): [number, number] {
  const size = scene.canvas.size
  for (let attempt = 0; attempt < 200; attempt++) {
    const x = rng.int(Math.ceil(margin), Math.floor(size - 1 - margin))
    const y = rng.int(Math.ceil(margin), Math.floor(size - 1 - margin))
    if (scene.onProduct(x, y)) return [x, y]
  }
  return [Math.floor(size / 2), Math.floor(size / 2)]
}

/** Calls visit(x, y) for every product pixel whose centre satisfies inside(x + .5, y + .5), marking the mask. */
function fillRegion(scene: Scene, inside: (px: number, py: number) => boolean, visit: (x: number, y: number) => void): Uint8Array {
  const size = scene.canvas.size
  const mask = new Uint8Array(size * size)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!scene.onProduct(x, y) || !inside(x + 0.5, y + 0.5)) continue
      mask[y * size + x] = 1
      visit(x, y)
    }
  }
  return mask
}

/** A thin curved line, lighter or darker than the surface. */
const scratch: Painter = (scene, rng) => {
  const size = scene.canvas.size
  const [x0, y0] = placeOnProduct(scene, rng, size * 0.15)
  const length = size * rng.uniform(0.2, 0.35)
  const angle = rng.uniform(0, Math.PI)
  const bend = rng.uniform(-0.25, 0.25) * length
  const halfWidth = Math.max(1, size / 96) * rng.uniform(0.8, 1.2)
  const points: [number, number][] = []
  for (let t = -0.5; t <= 0.5; t += 0.25 / length) {
    const along = t * length
    const side = bend * (1 - 4 * t * t)
    points.push([x0 + 0.5 + along * Math.cos(angle) - side * Math.sin(angle), y0 + 0.5 + along * Math.sin(angle) + side * Math.cos(angle)])
  }
  const near = (px: number, py: number): boolean => points.some(([qx, qy]) => (px - qx) ** 2 + (py - qy) ** 2 <= halfWidth * halfWidth)
  const colour = rng.next() < 0.5 ? [0.95, 0.95, 0.97] : [0.05, 0.05, 0.05]
  return fillRegion(scene, near, (x, y) => blendPixel(scene.canvas, x, y, colour, 0.8))
}

/** A round hole showing what is behind the product, with a bright burr around it. */
const hole: Painter = (scene, rng) => {
  const size = scene.canvas.size
  const [cx, cy] = placeOnProduct(scene, rng, size * 0.1)
  const radius = size * rng.uniform(0.03, 0.05)
  const rim = Math.max(1, size / 128)
  const inside = (px: number, py: number): boolean => Math.hypot(px - cx - 0.5, py - cy - 0.5) <= radius + rim
  return fillRegion(scene, inside, (x, y) => {
    const r = Math.hypot(x - cx, y - cy)
    if (r <= radius) blendPixel(scene.canvas, x, y, scene.behind(x, y), 1)
    else blendPixel(scene.canvas, x, y, [0.9, 0.88, 0.85], 0.6)
  })
}

/** An irregular translucent blot (rust, oil or dye), darkest at its centre. */
const stain: Painter = (scene, rng) => {
  const size = scene.canvas.size
  const [cx, cy] = placeOnProduct(scene, rng, size * 0.12)
  const r0 = size * rng.uniform(0.06, 0.09)
  const [a, b] = [rng.uniform(0, 2 * Math.PI), rng.uniform(0, 2 * Math.PI)]
  const radiusAt = (theta: number): number => r0 * (1 + 0.25 * Math.sin(3 * theta + a) + 0.12 * Math.sin(5 * theta + b))
  const colour = rng.pick([
    [0.42, 0.2, 0.06],
    [0.12, 0.1, 0.06],
    [0.2, 0.3, 0.55],
  ])
  const inside = (px: number, py: number): boolean => Math.hypot(px - cx - 0.5, py - cy - 0.5) <= radiusAt(Math.atan2(py - cy - 0.5, px - cx - 0.5))
  return fillRegion(scene, inside, (x, y) => {
    const d = Math.hypot(x - cx, y - cy) / radiusAt(Math.atan2(y - cy, x - cx))
    blendPixel(scene.canvas, x, y, colour, 0.45 + 0.3 * (1 - Math.min(1, d)))
  })
}

/** A piece gone: a bite out of a round part's edge, or a torn-out patch of a flat surface. */
const missing: Painter = (scene, rng) => {
  const size = scene.canvas.size
  let inside: (px: number, py: number) => boolean
  if (scene.rim) {
    const { cx, cy, radius } = scene.rim
    const theta = rng.uniform(0, 2 * Math.PI)
    const [bx, by] = [cx + radius * Math.cos(theta), cy + radius * Math.sin(theta)]
    const bite = size * rng.uniform(0.07, 0.1)
    inside = (px, py) => Math.hypot(px - bx, py - by) <= bite
  } else {
    const [cx, cy] = placeOnProduct(scene, rng, size * 0.12)
    const [w, h] = [size * rng.uniform(0.05, 0.09), size * rng.uniform(0.03, 0.06)]
    const angle = rng.uniform(0, Math.PI)
    inside = (px, py) => {
      const dx = px - cx - 0.5
      const dy = py - cy - 0.5
      return Math.abs(dx * Math.cos(angle) + dy * Math.sin(angle)) <= w && Math.abs(-dx * Math.sin(angle) + dy * Math.cos(angle)) <= h
    }
  }
  return fillRegion(scene, inside, (x, y) => blendPixel(scene.canvas, x, y, scene.behind(x, y), 1))
}

const PAINTERS: Record<SyntheticDefectType, Painter> = { scratch, hole, stain, missing }

/** Paints a defect of the given type and returns its mask. */
export function paintDefect(type: SyntheticDefectType, scene: Scene, rng: SeededRandom): Uint8Array {
  return PAINTERS[type](scene, rng)
}
