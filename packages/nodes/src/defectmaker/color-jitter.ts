import type { SeededRandom } from '../contract/random'
import type { RgbImage } from '../image/rgb-image'

/**
 * torchvision `ColorJitter(0.1, 0.1, 0.1, 0.1)` on an 8-bit RGB image (REB-METHOD 2.4): brightness,
 * contrast and saturation factors uniform in [1 - s, 1 + s], a hue shift uniform in [-h, h] of a turn,
 * the four operations in random order. Returns a new image.
 */
export function colorJitter(image: RgbImage, rng: SeededRandom, strength = 0.1): RgbImage {
  const brightness = rng.uniform(1 - strength, 1 + strength)
  const contrast = rng.uniform(1 - strength, 1 + strength)
  const saturation = rng.uniform(1 - strength, 1 + strength)
  const hue = rng.uniform(-strength, strength)
  const ops: ((data: Uint8Array) => void)[] = [
    (d) => blendWith(d, () => 0, brightness),
    (d) => {
      const mean = Math.round(meanGray(d))
      blendWith(d, () => mean, contrast)
    },
    (d) => blendWith(d, (i) => gray(d, i), saturation),
    (d) => shiftHue(d, hue),
  ]
  const data = Uint8Array.from(image.data)
  for (const op of shuffled(ops, rng)) op(data)
  return { ...image, data }
}

/** Fisher-Yates shuffle into a new array. */
function shuffled<T>(items: readonly T[], rng: SeededRandom): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

const clampByte = (v: number): number => Math.min(255, Math.max(0, Math.round(v)))

/** ITU-R 601 luma of the pixel starting at index i, as PIL's `convert('L')`. */
function gray(d: Uint8Array, i: number): number {
  return (d[i]! * 299 + d[i + 1]! * 587 + d[i + 2]! * 114) / 1000
}

function meanGray(d: Uint8Array): number {
  let sum = 0
  for (let i = 0; i < d.length; i += 3) sum += gray(d, i)
  return sum / (d.length / 3)
}

/** PIL ImageEnhance: out = degenerate + factor * (pixel - degenerate), per pixel. */
function blendWith(d: Uint8Array, degenerate: (pixelStart: number) => number, factor: number): void {
  for (let i = 0; i < d.length; i += 3) {
    const base = degenerate(i)
    for (let c = 0; c < 3; c++) d[i + c] = clampByte(base + factor * (d[i + c]! - base))
  }
}

/** Shifts hue by `shift` of a turn through HSV, leaving saturation and value unchanged. */
function shiftHue(d: Uint8Array, shift: number): void {
  for (let i = 0; i < d.length; i += 3) {
    const r = d[i]!
    const g = d[i + 1]!
    const b = d[i + 2]!
    const max = Math.max(r, g, b)
    const min = Math.min(r, g, b)
    const delta = max - min
    if (delta === 0) continue
    let h = max === r ? ((g - b) / delta) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4
    h = (((h / 6 + shift) % 1) + 1) % 1
    writeHsv(d, i, h, delta / max, max)
  }
}

/** Writes the RGB of (h in [0, 1), s, v in 0..255) at index i, rounded. */
function writeHsv(d: Uint8Array, i: number, h: number, s: number, v: number): void {
  const sector = Math.floor(h * 6) % 6
  const f = h * 6 - Math.floor(h * 6)
  const p = clampByte(v * (1 - s))
  const q = clampByte(v * (1 - f * s))
  const t = clampByte(v * (1 - (1 - f) * s))
  const V = clampByte(v)
  const [r, g, b] = sector === 0 ? [V, t, p] : sector === 1 ? [q, V, p] : sector === 2 ? [p, V, t] : sector === 3 ? [p, q, V] : sector === 4 ? [t, p, V] : [V, p, q]
  d[i] = r
  d[i + 1] = g
  d[i + 2] = b
}
