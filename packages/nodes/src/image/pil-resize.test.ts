import { describe, expect, it } from 'vitest'

import { axisCoefficients, bicubicKernel, resizeBicubicPil } from './pil-resize'
import type { RgbImage } from './rgb-image'

const row = (values: number[]): RgbImage => ({ width: values.length, height: 1, channels: 1, data: Uint8Array.from(values) })
const column = (values: number[]): RgbImage => ({ width: 1, height: values.length, channels: 1, data: Uint8Array.from(values) })

describe('bicubicKernel', () => {
  it('is the Keys kernel with a = -0.5', () => {
    expect(bicubicKernel(0)).toBe(1)
    expect(bicubicKernel(1)).toBeCloseTo(0, 15)
    expect(bicubicKernel(2)).toBe(0)
    // (1.5 * 0.25 - 2.5) * 0.0625 + 1
    expect(bicubicKernel(0.25)).toBeCloseTo(0.8671875, 12)
    // ((((1.25 - 5) * 1.25 + 8) * 1.25) - 4) * -0.5
    expect(bicubicKernel(-1.25)).toBeCloseTo(-0.0703125, 12)
  })
})

describe('axisCoefficients', () => {
  it('normalises and quantises the weights of a 2 -> 4 upscale like Pillow', () => {
    // output 0: centre 0.25, taps 0 and 1 with raw weights K(0.25) and K(1.25), divided by their sum
    // 0.796875: 1.0882353 and -0.0882353, times 2^22 rounded away from zero
    const c = axisCoefficients(2, 4)
    expect(Array.from(c.start)).toEqual([0, 0, 0, 0])
    expect(Array.from(c.count)).toEqual([2, 2, 2, 2])
    expect([c.weights[0], c.weights[1]]).toEqual([4564390, -370086])
  })

  it('widens the support by the downscale factor (antialias)', () => {
    const c = axisCoefficients(900, 256)
    // support 2 * 900/256 = 7.03 input pixels each side
    expect(c.kernelSize).toBe(17)
    expect(Math.max(...c.count)).toBeGreaterThanOrEqual(14)
  })
})

describe('resizeBicubicPil', () => {
  it('matches hand-computed upscales with rounding and clamping', () => {
    // 100 * 1.0882 = 108.8 -> 109; 100 * 0.7929 = 79.3 -> 79; 100 * 0.2071 = 20.7 -> 21; -8.8 -> 0
    expect(Array.from(resizeBicubicPil(row([100, 0]), 4, 1).data)).toEqual([109, 79, 21, 0])
  })

  it('matches hand-computed downscales', () => {
    expect(Array.from(resizeBicubicPil(row([0, 255, 0, 255, 0, 255]), 3, 1).data)).toEqual([109, 128, 146])
    expect(Array.from(resizeBicubicPil(row([10, 20, 30, 40, 50, 60, 70, 80]), 3, 1).data)).toEqual([19, 45, 71])
    expect(Array.from(resizeBicubicPil(row([0, 0, 0, 255, 255, 255, 255, 0]), 5, 1).data)).toEqual([0, 36, 255, 255, 99])
  })

  it('uses the same weights vertically', () => {
    expect(Array.from(resizeBicubicPil(column([10, 20, 30, 40, 50, 60, 70, 80]), 1, 3).data)).toEqual([19, 45, 71])
  })

  it('resamples each channel on its own', () => {
    const rgb: RgbImage = { width: 2, height: 1, channels: 3, data: Uint8Array.from([100, 0, 7, 0, 100, 7]) }
    expect(Array.from(resizeBicubicPil(rgb, 4, 1).data)).toEqual([109, 0, 7, 79, 21, 7, 21, 79, 7, 0, 109, 7])
  })

  it('keeps a constant image constant and skips passes whose size is unchanged', () => {
    const flat: RgbImage = { width: 9, height: 7, channels: 3, data: new Uint8Array(9 * 7 * 3).fill(173) }
    const out = resizeBicubicPil(flat, 4, 5)
    expect(out.data.every((v) => v === 173)).toBe(true)
    const same = resizeBicubicPil(flat, 9, 7)
    expect(same.data).toBe(flat.data)
  })

  it('rounds the 8-bit intermediate between the horizontal and the vertical pass', () => {
    const image: RgbImage = { width: 2, height: 2, channels: 1, data: Uint8Array.from([100, 0, 0, 100]) }
    const out = resizeBicubicPil(image, 4, 4)
    const rows = resizeBicubicPil(image, 4, 2)
    expect(Array.from(rows.data)).toEqual([109, 79, 21, 0, 0, 21, 79, 109])
    // column 0 of the intermediate is [109, 0]: 109 * 1.0882 = 118.6 -> 119 (from the 8-bit value, not 108.8)
    expect(out.data[0]).toBe(119)
  })

  it('refuses a non-positive size', () => {
    expect(() => resizeBicubicPil(row([1, 2]), 0, 1)).toThrow(/positive integer size/)
  })
})
