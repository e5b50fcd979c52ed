import sharp from 'sharp'

import type { RgbImage } from '../image/rgb-image'
import type { Mask } from './mask'

/** Grey level of the gaps between grid cells. */
const GAP_GREY = 40

/** A mask as a white-on-black RGB image. */
export function maskToRgb(mask: Mask): RgbImage {
  const data = new Uint8Array(mask.data.length * 3)
  for (let i = 0; i < mask.data.length; i++) data.fill(mask.data[i] ? 255 : 0, i * 3, i * 3 + 3)
  return { width: mask.width, height: mask.height, channels: 3, data }
}

/** Lays equally sized RGB cells out row by row with a `gap`-pixel border; rows may differ in length. */
export function composeGrid(rows: readonly RgbImage[][], gap = 2): RgbImage {
  const cell = rows[0]?.[0]
  if (!cell) throw new RangeError('preview grid: no images to lay out')
  const columns = Math.max(...rows.map((r) => r.length))
  const width = columns * (cell.width + gap) + gap
  const height = rows.length * (cell.height + gap) + gap
  const data = new Uint8Array(width * height * 3).fill(GAP_GREY)
  rows.forEach((row, r) => {
    row.forEach((image, c) => {
      const x0 = gap + c * (cell.width + gap)
      const y0 = gap + r * (cell.height + gap)
      for (let y = 0; y < image.height; y++) {
        data.set(image.data.subarray(y * image.width * 3, (y + 1) * image.width * 3), ((y0 + y) * width + x0) * 3)
      }
    })
  })
  return { width, height, channels: 3, data }
}

/** Encodes an RGB image as PNG. */
export async function encodePng(image: RgbImage): Promise<Buffer> {
  return sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 3 } }).png().toBuffer()
}
