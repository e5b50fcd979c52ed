import { seededRandom, type SyntheticSpec } from './synthetic-images'

/**
 * The size pairs on which `bicubic` is checked against the exact Pillow port: for each output size,
 * one source per kind of scale factor, drawn by a seeded generator from 31..1024 on each axis, and
 * cycled through grey/RGB x PNG 8-bit/PNG 16-bit/JPEG. Same seed, same cases.
 */

export interface ParityCase extends SyntheticSpec {
  /** What the case exercises, e.g. "enlarge", for the test name. */
  kind: string
  /** Square output side. */
  size: number
}

export const PARITY_OUTPUT_SIZES = [64, 224, 256, 320] as const
const MIN_SIDE = 31
const MAX_SIDE = 1024
const FORMATS = [
  { channels: 1, format: 'png8' },
  { channels: 3, format: 'jpeg' },
  { channels: 3, format: 'png16' },
  { channels: 1, format: 'jpeg' },
  { channels: 3, format: 'png8' },
  { channels: 1, format: 'png16' },
] as const

type Draw = (random: () => number, size: number) => [number, number]

const clampSide = (side: number): number => Math.min(MAX_SIDE, Math.max(MIN_SIDE, Math.round(side)))
/** A side `size * factor` with the factor drawn uniformly from [lo, hi). */
const scaled = (random: () => number, size: number, lo: number, hi: number): number => clampSide(size * (lo + random() * (hi - lo)))

/** Each kind of scale factor, as a way to draw a source size for a given output size. */
const KINDS: Record<string, Draw> = {
  'shrink both (1-4x, libvips)': (r, s) => [scaled(r, s, 1.05, 3.95), scaled(r, s, 1.05, 3.95)],
  // as far as 1024 px allows: 4-16x to 64 and 224, 4x to 256, 3.2x to 320
  'shrink the most': (r, s) => [clampSide(Math.min(4 * s, MAX_SIDE) + r() * MAX_SIDE), scaled(r, s, 1.5, 16)],
  'enlarge both': (r, s) => [scaled(r, s, 0.1, 0.95), scaled(r, s, 0.1, 0.95)],
  'enlarge width, shrink height': (r, s) => [scaled(r, s, 0.3, 0.99), scaled(r, s, 1.01, 3.9)],
  'shrink width, enlarge height': (r, s) => [scaled(r, s, 1.01, 3.9), scaled(r, s, 0.3, 0.99)],
  'near 1 (+-3 px)': (r, s) => [clampSide(s + Math.floor(r() * 7) - 3), clampSide(s + Math.floor(r() * 7) - 3)],
}

/** The seeded sample, plus the shapes named in issue 18 and a JPEG sharp would shrink while decoding. */
export function parityCases(seed = 18): ParityCase[] {
  const random = seededRandom(seed)
  const cases: ParityCase[] = []
  for (const [sizeIndex, size] of PARITY_OUTPUT_SIZES.entries()) {
    for (const [kind, draw] of Object.entries(KINDS)) {
      const [width, height] = draw(random, size)
      // shifted by one per output size, so that each kind meets most file kinds
      const { channels, format } = FORMATS[(cases.length + sizeIndex) % FORMATS.length] as (typeof FORMATS)[number]
      cases.push({ kind, size, width, height, channels, format, seed: seed * 1000 + cases.length })
    }
  }
  const named = (kind: string, width: number, height: number, format: ParityCase['format'], channels: 1 | 3): ParityCase =>
    ({ kind, size: 256, width, height, channels, format, seed: width * 7919 + height })
  return [
    ...cases,
    named('issue 18: width enlarged', 248, 359, 'jpeg', 1),
    named('issue 18: both shrink', 494, 361, 'jpeg', 1),
    // 3.5x: sharp decodes a JPEG at half size (libjpeg DCT scaling) here unless told not to
    named('JPEG shrink-on-load range, bottle shape', 900, 900, 'jpeg', 3),
  ]
}

/** A short name for a failing case: everything needed to regenerate it. */
export function describeCase(c: ParityCase): string {
  return `${c.kind}: ${c.width}x${c.height} ${c.channels === 1 ? 'grey' : 'RGB'} ${c.format} (seed ${c.seed}) -> ${c.size}`
}
