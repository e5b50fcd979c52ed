import sharp from 'sharp'

import type { RgbImage } from './rgb-image'

/**
 * Decodes an image file to RGB and resizes it to size x size (the whole image is squashed, no crop).
 * TODO(issue 3): replace sharp's cubic kernel with an exact PIL-bicubic resize (REB-METHOD 12.2).
 */
export async function readImageRgb(path: string, size: number): Promise<RgbImage> {
  const { data, info } = await sharp(path)
    .removeAlpha()
    .toColourspace('srgb')
    .resize(size, size, { fit: 'fill', kernel: 'cubic' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data.buffer, data.byteOffset, data.length) }
}
