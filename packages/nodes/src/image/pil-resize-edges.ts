import { type AxisCoefficients, axisCoefficients, clip8, HALF } from './pil-resize'
import type { RgbImage } from './rgb-image'

/**
 * Pillow's resize for the outputs next to the image border only, written over another resize's
 * result. Where a kernel window runs past the border, Pillow drops the missing taps and renormalises
 * the rest, while libvips repeats the edge pixel: up to 11 grey levels apart on the two outer rows
 * and columns, against at most 1 inside. Recomputing those few outputs makes the border exact.
 */

/** Outputs whose window starts at the first input pixel or ends at the last: the ones a border clips. */
function borderOutputs(c: AxisCoefficients, inSize: number): number[] {
  const outputs: number[] = []
  for (let o = 0; o < c.start.length; o++) {
    if (c.start[o] === 0 || (c.start[o] as number) + (c.count[o] as number) === inSize) outputs.push(o)
  }
  return outputs
}

/** Overwrites the border columns of `resized` (source resized horizontally only) with Pillow's values. */
export function exactBorderColumns(source: RgbImage, resized: RgbImage): void {
  const { width, height, channels, data } = source
  const c = axisCoefficients(width, resized.width)
  for (const x of borderOutputs(c, width)) {
    const n = c.count[x] as number
    const wBase = x * c.kernelSize
    for (let y = 0; y < height; y++) {
      const src = (y * width + (c.start[x] as number)) * channels
      const dst = (y * resized.width + x) * channels
      for (let ch = 0; ch < channels; ch++) {
        let sum = HALF
        for (let i = 0; i < n; i++) sum += (data[src + i * channels + ch] as number) * (c.weights[wBase + i] as number)
        resized.data[dst + ch] = clip8(sum)
      }
    }
  }
}

/** Overwrites the border rows of `resized` (source resized vertically only) with Pillow's values. */
export function exactBorderRows(source: RgbImage, resized: RgbImage): void {
  const { height, data } = source
  const stride = source.width * source.channels
  const c = axisCoefficients(height, resized.height)
  for (const y of borderOutputs(c, height)) {
    const n = c.count[y] as number
    const wBase = y * c.kernelSize
    const first = (c.start[y] as number) * stride
    for (let j = 0; j < stride; j++) {
      let sum = HALF
      for (let i = 0; i < n; i++) sum += (data[first + i * stride + j] as number) * (c.weights[wBase + i] as number)
      resized.data[y * stride + j] = clip8(sum)
    }
  }
}
