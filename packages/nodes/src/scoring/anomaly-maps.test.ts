import { describe, expect, it } from 'vitest'

import { gaussianBlur, gaussianWeights, imageScoreFromPatches, pixelMapFromPatches, resizeBilinear } from './anomaly-maps'

describe('imageScoreFromPatches', () => {
  it('takes the max of 3x3 stride-3 block means and ignores rows and columns that do not fill a block', () => {
    const map = new Float32Array(8 * 8)
    // block (1, 1) holds a mean of 2; a huge value in row 7 / column 7 lies outside every full block
    for (let y = 3; y < 6; y++) for (let x = 3; x < 6; x++) map[y * 8 + x] = 2
    map[7 * 8 + 7] = 1000
    map[0] = 9
    expect(imageScoreFromPatches(map, 8, 8)).toBeCloseTo(2, 6)
  })
})

describe('resizeBilinear', () => {
  it('follows align_corners = false', () => {
    // 2 -> 4: source positions -0.25 (clamped to 0), 0.25, 0.75, 1.25 (edge)
    const out = resizeBilinear(Float32Array.from([0, 8]), 1, 2, 1, 4)
    expect(Array.from(out)).toEqual([0, 2, 6, 8])
  })
})

describe('gaussianBlur', () => {
  it('uses radius int(4 sigma + 0.5) and normalised weights', () => {
    const w = gaussianWeights(4)
    expect(w.length).toBe(33)
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    expect(w[16]).toBeGreaterThan(w[15] as number)
  })

  it('reflects at the border (d c b a | a b c d)', () => {
    // sigma 0.5: radius 2, weights w0 (centre), w1, w2; at index 0 the taps -2, -1 read indices 1, 0
    const w = gaussianWeights(0.5)
    const row = Float64Array.from([1, 2, 3, 4, 5])
    const out = gaussianBlur(row, 1, 5, 0.5)
    const expected = (w[0] as number) * 2 + (w[1] as number) * 1 + (w[2] as number) * 1 + (w[3] as number) * 2 + (w[4] as number) * 3
    expect(out[0]).toBeCloseTo(expected, 12)
  })

  it('matches a plain per-pixel separable blur with reflected borders everywhere', () => {
    const [h, w, sigma] = [23, 40, 2]
    const map = Float64Array.from({ length: h * w }, (_, i) => Math.sin(i * 0.37) * 5 + ((i * 7) % 11))
    const weights = gaussianWeights(sigma)
    const r = (weights.length - 1) / 2
    const reflect = (i: number, n: number): number => {
      let j = ((i % (2 * n)) + 2 * n) % (2 * n)
      if (j >= n) j = 2 * n - 1 - j
      return j
    }
    const pass = (src: Float64Array, alongRows: boolean): Float64Array =>
      src.map((_, i) => {
        const [y, x] = [Math.floor(i / w), i % w]
        let sum = 0
        for (let t = -r; t <= r; t++) {
          const from = alongRows ? y * w + reflect(x + t, w) : reflect(y + t, h) * w + x
          sum += (weights[t + r] as number) * (src[from] as number)
        }
        return sum
      })
    const expected = pass(pass(map, false), true)
    const out = gaussianBlur(map, h, w, sigma)
    for (let i = 0; i < out.length; i++) expect(out[i]).toBeCloseTo(expected[i] as number, 10)
  })

  it('keeps a constant map constant', () => {
    const flat = new Float32Array(32 * 32).fill(3.5)
    const out = pixelMapFromPatches(flat, 32, 32, 64)
    expect(out.length).toBe(64 * 64)
    for (const v of out) expect(v).toBeCloseTo(3.5, 5)
  })
})
