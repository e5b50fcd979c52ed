import sharp from 'sharp'

import type { RgbImage } from '../image/rgb-image'
import { rampColour } from './colormap'

/** What one overlay needs: the image at map size, its anomaly map, its mask and the map range. */
export interface OverlayInput {
  image: RgbImage
  /** size x size anomaly map. */
  map: Float32Array
  mask: Uint8Array | null
  /** Map values mapped to the ends of the colour ramp, shared by every image so colours compare. */
  range: [number, number]
}

function isContour(mask: Uint8Array, size: number, x: number, y: number): boolean {
  if (mask[y * size + x] === 0) return false
  if (x === 0 || y === 0 || x === size - 1 || y === size - 1) return true
  return mask[y * size + x - 1] === 0 || mask[y * size + x + 1] === 0 || mask[(y - 1) * size + x] === 0 || mask[(y + 1) * size + x] === 0
}

/**
 * RGB bytes of the overlay: the image blended with the colour-mapped anomaly map (stronger where
 * the map is higher) and the ground-truth mask outline in white.
 */
export function overlayPixels(input: OverlayInput): Uint8Array {
  const size = input.image.width
  const [lo, hi] = input.range
  const span = hi > lo ? hi - lo : 1
  const out = new Uint8Array(size * size * 3)
  for (let k = 0; k < size * size; k++) {
    const v = ((input.map[k] as number) - lo) / span
    const colour = rampColour(v)
    const alpha = 0.25 + 0.45 * Math.min(1, Math.max(0, v))
    for (let c = 0; c < 3; c++) {
      const base = input.image.channels === 3 ? (input.image.data[k * 3 + c] as number) : (input.image.data[k] as number)
      out[k * 3 + c] = Math.round(base * (1 - alpha) + (colour[c] as number) * alpha)
    }
    if (input.mask && isContour(input.mask, size, k % size, Math.floor(k / size))) out.set([255, 255, 255], k * 3)
  }
  return out
}

/** The overlay as PNG bytes. */
export async function overlayPng(input: OverlayInput): Promise<Uint8Array> {
  const size = input.image.width
  const png = await sharp(Buffer.from(overlayPixels(input)), { raw: { width: size, height: size, channels: 3 } }).png().toBuffer()
  return new Uint8Array(png)
}
