import sharp from 'sharp'

import { exactBorderColumns, exactBorderRows } from './pil-resize-edges'
import type { RgbImage } from './rgb-image'

/**
 * When libvips (through sharp) may stand in for one pass of Pillow's bicubic resize, and that pass.
 *
 * sharp's `resize` runs libvips' `vips_resize`, which takes three different routes (libvips 8.17, the
 * one sharp 0.34 ships; resample/resize.c, reduceh.cpp):
 * - shrinking by less than 4: `reduceh`/`reducev`, a Keys cubic stretched by the shrink factor with
 *   Pillow's pixel-centre convention. Close to Pillow, and what this module uses.
 * - shrinking by 4 or more: a box-filter `shrinkh`/`shrinkv` by floor(factor / 2) first (the default
 *   reducing gap of 2.0, which sharp does not expose), then the cubic reduce on the rest; and sharp
 *   decodes JPEGs at 1/2, 1/4 or 1/8 size (libjpeg DCT scaling) once the shrink common to both axes
 *   reaches 3, or 4 with fastShrinkOnLoad off (sharp's pipeline.cc). Both blur differently from one wide cubic.
 * - enlarging: `affine` with the bicubic interpolator, input offset 0.5 instead of Pillow's
 *   0.5 * (1 - 1/scale) (fixed upstream only after 8.17: "better centre sampling on resize upscale"),
 *   so it samples half an output pixel away from Pillow, plus edge copying instead of Pillow's
 *   renormalised edge weights. 2.5-8.6 grey levels apart on average, up to 150.
 * `vips_resize` also reduces vertically before horizontally, where Pillow rounds to 8 bits after the
 * horizontal pass; two sharp calls, horizontal first, take the mean difference from 0.17-0.28 to
 * 0.05-0.11 grey levels (900 -> 256 and 257..300 -> 256, synthetic RGB). At the border libvips repeats
 * the edge pixel where Pillow renormalises the clipped kernel; the in-memory pass below recomputes
 * those outputs with the exact port (pil-resize-edges.ts).
 */

/** The smallest shrink factor at which libvips no longer resizes with its cubic kernel alone. */
export const LIBVIPS_BOX_SHRINK_FACTOR = 4

/** Whether libvips' cubic reduce resizes an axis of `inSize` pixels to `outSize` (a shrink by less than 4). */
export function libvipsReducesAxis(inSize: number, outSize: number): boolean {
  const factor = inSize / outSize
  return factor > 1 && factor < LIBVIPS_BOX_SHRINK_FACTOR
}

/**
 * One libvips reduce of an 8-bit image held in memory, to `width` x `height` where exactly one
 * axis changes (raw input: no shrink-on-load), with the outputs at the border from the exact port.
 */
export async function reduceWithLibvips(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  const { channels } = image
  const raw = { width: image.width, height: image.height, channels }
  const resized = sharp(image.data, { raw }).resize(width, height, { fit: 'fill', kernel: 'cubic' })
  // sharp writes three bands for one-band raw input unless told the output is grey
  const shaped = channels === 3 ? resized.toColourspace('srgb') : resized.toColourspace('b-w')
  const { data, info } = await shaped.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true })
  if (info.channels !== channels || info.width !== width || info.height !== height) {
    throw new Error(`libvips reduce: expected ${width} x ${height} x ${channels}, found ${info.width} x ${info.height} x ${info.channels}`)
  }
  const result: RgbImage = { width, height, channels, data: new Uint8Array(data.buffer, data.byteOffset, data.length) }
  if (width !== image.width) exactBorderColumns(image, result)
  else exactBorderRows(image, result)
  return result
}
