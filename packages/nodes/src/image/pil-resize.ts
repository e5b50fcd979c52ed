import type { RgbImage } from './rgb-image'

/**
 * An exact re-implementation of Pillow's bicubic `Image.resize` for 8-bit images (Pillow's
 * `ImagingResample`, REB-METHOD 2.1 and 12.2): a separable Keys kernel with a = -0.5 whose support
 * is stretched by the downscale factor (antialiasing), coefficients normalised to sum 1 and then
 * quantised to fixed point with 22 fraction bits, a horizontal pass into an 8-bit image and then a
 * vertical pass, each rounded and clamped to 0..255. A pass whose size does not change is skipped,
 * exactly as Pillow skips it.
 */

/** Fraction bits of Pillow's 8-bit fixed-point coefficients (32 - 8 - 2). */
const PRECISION_BITS = 22
const ONE = 2 ** PRECISION_BITS
/** The rounding offset every sum starts from. */
export const HALF = 2 ** (PRECISION_BITS - 1)
const BICUBIC_A = -0.5
const BICUBIC_SUPPORT = 2

/** Keys' cubic convolution kernel with a = -0.5, as Pillow's `bicubic_filter`. */
export function bicubicKernel(x: number): number {
  const t = Math.abs(x)
  if (t < 1) return ((BICUBIC_A + 2) * t - (BICUBIC_A + 3)) * t * t + 1
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * BICUBIC_A
  return 0
}

/** Fixed-point resampling weights of one axis: for each output index, the first input index and its integer weights. */
export interface AxisCoefficients {
  start: Int32Array
  count: Int32Array
  /** `outSize * kernelSize` weights, row `o` holding the `count[o]` used ones first. */
  weights: Int32Array
  kernelSize: number
}

/** Pillow's `precompute_coeffs` followed by `normalize_coeffs_8bpc`. */
export function axisCoefficients(inSize: number, outSize: number): AxisCoefficients {
  const scale = inSize / outSize
  const filterScale = Math.max(scale, 1)
  const support = BICUBIC_SUPPORT * filterScale
  const kernelSize = Math.ceil(support) * 2 + 1
  const start = new Int32Array(outSize)
  const count = new Int32Array(outSize)
  const weights = new Int32Array(outSize * kernelSize)
  const row = new Float64Array(kernelSize)
  for (let o = 0; o < outSize; o++) {
    const center = (o + 0.5) * scale
    // C casts truncate toward zero; the clamps make that equal to flooring here
    const lo = Math.max(Math.trunc(center - support + 0.5), 0)
    const hi = Math.min(Math.trunc(center + support + 0.5), inSize)
    const n = hi - lo
    let total = 0
    for (let i = 0; i < n; i++) {
      row[i] = bicubicKernel((i + lo - center + 0.5) / filterScale)
      total += row[i] as number
    }
    for (let i = 0; i < n; i++) {
      const w = total !== 0 ? (row[i] as number) / total : 0
      weights[o * kernelSize + i] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE)
    }
    start[o] = lo
    count[o] = n
  }
  return { start, count, weights, kernelSize }
}

/** 2^-22: multiplying by it is exact, and cheaper than dividing by ONE in the hot loops. */
const INV_ONE = 1 / ONE

/** Pillow's `clip8`: drop the fraction bits (flooring) and clamp to a byte. */
export function clip8(sum: number): number {
  const v = Math.floor(sum * INV_ONE)
  return v < 0 ? 0 : v > 255 ? 255 : v
}

function resampleHorizontal(image: RgbImage, outWidth: number): RgbImage {
  if (image.channels === 3) return resampleHorizontalRgb(image, outWidth)
  const { width, height, data } = image
  const c = axisCoefficients(width, outWidth)
  const out = new Uint8Array(outWidth * height)
  for (let y = 0; y < height; y++) {
    const rowIn = y * width
    for (let x = 0; x < outWidth; x++) {
      const n = c.count[x] as number
      const wBase = x * c.kernelSize
      const src = rowIn + (c.start[x] as number)
      let sum = HALF
      for (let i = 0; i < n; i++) sum += (data[src + i] as number) * (c.weights[wBase + i] as number)
      out[y * outWidth + x] = clip8(sum)
    }
  }
  return { width: outWidth, height, channels: 1, data: out }
}

/** The RGB case with the three channel sums in locals: one pass over the taps per output pixel. */
function resampleHorizontalRgb(image: RgbImage, outWidth: number): RgbImage {
  const { width, height, data } = image
  const c = axisCoefficients(width, outWidth)
  const out = new Uint8Array(outWidth * height * 3)
  for (let y = 0; y < height; y++) {
    const rowIn = y * width * 3
    let dst = y * outWidth * 3
    for (let x = 0; x < outWidth; x++, dst += 3) {
      const n = c.count[x] as number
      const wBase = x * c.kernelSize
      let src = rowIn + (c.start[x] as number) * 3
      let r = HALF
      let g = HALF
      let b = HALF
      for (let i = 0; i < n; i++, src += 3) {
        const w = c.weights[wBase + i] as number
        r += (data[src] as number) * w
        g += (data[src + 1] as number) * w
        b += (data[src + 2] as number) * w
      }
      out[dst] = clip8(r)
      out[dst + 1] = clip8(g)
      out[dst + 2] = clip8(b)
    }
  }
  return { width: outWidth, height, channels: 3, data: out }
}

function resampleVertical(image: RgbImage, outHeight: number): RgbImage {
  const { width, height, channels, data } = image
  const c = axisCoefficients(height, outHeight)
  const stride = width * channels
  const out = new Uint8Array(outHeight * stride)
  // accumulate whole input rows into one output row: sequential memory access instead of a column walk
  const acc = new Float64Array(stride)
  for (let y = 0; y < outHeight; y++) {
    const lo = c.start[y] as number
    const n = c.count[y] as number
    const wBase = y * c.kernelSize
    acc.fill(HALF)
    for (let i = 0; i < n; i++) {
      const w = c.weights[wBase + i] as number
      const row = (lo + i) * stride
      for (let j = 0; j < stride; j++) acc[j] = (acc[j] as number) + (data[row + j] as number) * w
    }
    const rowOut = y * stride
    for (let j = 0; j < stride; j++) out[rowOut + j] = clip8(acc[j] as number)
  }
  return { width, height: outHeight, channels, data: out }
}

/**
 * Resizes an 8-bit image to `outWidth` x `outHeight` exactly as Pillow's
 * `Image.resize((w, h), Image.BICUBIC)` does (whole image, no crop, aspect ratio not kept).
 */
export function resizeBicubicPil(image: RgbImage, outWidth: number, outHeight: number): RgbImage {
  if (!Number.isInteger(outWidth) || !Number.isInteger(outHeight) || outWidth < 1 || outHeight < 1) {
    throw new RangeError(`resize: expected a positive integer size, found ${outWidth} x ${outHeight}`)
  }
  const horizontal = outWidth !== image.width ? resampleHorizontal(image, outWidth) : image
  return outHeight !== image.height ? resampleVertical(horizontal, outHeight) : horizontal
}
