import { libvipsReducesAxis, reduceWithLibvips } from './libvips-reduce'
import { imageHeader, type ImageSource, openImage } from './open-image'
import { resizeBicubicPil } from './pil-resize'
import type { RgbImage } from './rgb-image'

/** An image file that could not be decoded; the message names the file. */
export class ImageReadError extends Error {
  readonly path: string
  constructor(source: ImageSource, cause: unknown) {
    const path = typeof source === 'string' ? source : `image bytes (${source.length} bytes)`
    const reason = cause instanceof Error ? cause.message : String(cause)
    super(`cannot read image "${path}": expected a PNG, JPEG, TIFF, WebP or BMP image, ${reason}`, { cause })
    this.name = 'ImageReadError'
    this.path = path
  }
}

/**
 * Decodes a file to 8-bit pixels with the given channel count, at its own size, or resized to
 * `resize` by libvips' cubic filter while decoding. JPEGs: sharp's mozjpeg and Pillow's libjpeg-turbo
 * both decode with the default ISLOW IDCT and fancy chroma upsampling, to the same pixels (checked
 * against Pillow 9.4 on grey, 4:2:0, 4:4:4 and progressive files), as long as sharp does not shrink
 * on load (libjpeg's scaled IDCT): it only does when both axes shrink, and readImageRgb resizes one
 * axis at a time (fastShrinkOnLoad: false would still allow it from a common 4x).
 */
async function decode(path: ImageSource, channels: 1 | 3, resize?: { width: number; height: number }): Promise<RgbImage> {
  try {
    const pipeline = (await openImage(path)).removeAlpha()
    const shaped = channels === 3 ? pipeline.toColourspace('srgb') : pipeline.toColourspace('b-w')
    const sized = resize === undefined ? shaped : shaped.resize(resize.width, resize.height, { fit: 'fill', kernel: 'cubic', fastShrinkOnLoad: false })
    const { data, info } = await sized.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true })
    if (info.channels !== channels) throw new Error(`decoded ${info.channels} channels instead of ${channels}`)
    return { width: info.width, height: info.height, channels, data: new Uint8Array(data.buffer, data.byteOffset, data.length) }
  } catch (error) {
    throw new ImageReadError(path, error)
  }
}

/**
 * How images are resized to the dataset's square size; both squash the whole image (no crop), with
 * Pillow's Keys cubic kernel (a = -0.5) stretched by the downscale factor.
 * - `bicubic`: Pillow's resize, horizontal pass then vertical pass, where each pass that shrinks by
 *   a factor between 1 and 4 runs in libvips (inside sharp, the horizontal one while decoding) and
 *   every other pass (enlarging, or shrinking by 4 or more) runs the exact port; see libvips-reduce.ts
 *   for why. Within 0.2 grey levels of Pillow on average and 8 at most (resize-parity.test.ts); MVTec
 *   bottle (900 -> 256) at about half the CPU time of the exact port.
 * - `pillow-bicubic`: a bit-exact port of Pillow's resize, what the reference runs
 *   (`PIL.Image.open(p).resize((256, 256))`), for reproducing its numbers to the pixel. Exact for RGB
 *   and grey images; an alpha channel is dropped before resizing, where Pillow resizes premultiplied
 *   (libvips' horizontal pass in `bicubic` does premultiply).
 */
export type Resample = 'bicubic' | 'pillow-bicubic'

/**
 * How a non-square image becomes the square the model sees: `squash` resizes the whole image (its
 * aspect ratio changes), `center-crop` keeps the largest centred square and drops the sides (or the top
 * and bottom), so shapes keep their proportions. Masks and overlays follow the same fit.
 */
export type ImageFit = 'squash' | 'center-crop'

/** The largest centred square of an image (the image itself when it is square). */
export function centerSquare(image: RgbImage): RgbImage {
  const side = Math.min(image.width, image.height)
  if (image.width === side && image.height === side) return image
  const left = Math.floor((image.width - side) / 2)
  const top = Math.floor((image.height - side) / 2)
  const data = new Uint8Array(side * side * image.channels)
  const rowBytes = side * image.channels
  for (let y = 0; y < side; y++) {
    const from = ((top + y) * image.width + left) * image.channels
    data.set(image.data.subarray(from, from + rowBytes), y * rowBytes)
  }
  return { width: side, height: side, channels: image.channels, data }
}

/** Resizes decoded pixels as readImageRgb resizes a file: the exact port, or Pillow's passes in order. */
async function resizeDecoded(image: RgbImage, size: number, resample: Resample): Promise<RgbImage> {
  if (resample === 'pillow-bicubic') return resizeBicubicPil(image, size, size)
  const horizontal = await resizePass(image, size, image.height, libvipsReducesAxis(image.width, size))
  return resizePass(horizontal, size, size, libvipsReducesAxis(horizontal.height, size))
}

/** The resample of a dataset that does not say (older cache entries, generated datasets). */
export const DEFAULT_RESAMPLE: Resample = 'bicubic'

/** One pass of Pillow's resize (at most one axis changes), in libvips or in the exact port. */
async function resizePass(image: RgbImage, width: number, height: number, inLibvips: boolean): Promise<RgbImage> {
  if (image.width === width && image.height === height) return image
  return inLibvips ? reduceWithLibvips(image, width, height) : resizeBicubicPil(image, width, height)
}

/**
 * Decodes an image file (or its bytes) to RGB at size x size, resized with `resample` (see {@link Resample}). Grey
 * images are replicated to three channels, which commutes with the resize.
 */
export async function readImageRgb(path: ImageSource, size: number, resample: Resample = DEFAULT_RESAMPLE, fit: ImageFit = 'squash'): Promise<RgbImage> {
  if (fit === 'center-crop') return resizeDecoded(centerSquare(await decode(path, 3)), size, resample)
  if (resample === 'pillow-bicubic') return resizeBicubicPil(await decode(path, 3), size, size)
  const { width, height, depth } = await readHeader(path)
  const horizontalInLibvips = libvipsReducesAxis(width, size)
  // libvips would resize a 16-bit file before making it 8-bit; Pillow (and the exact port) after
  const whileDecoding = horizontalInLibvips && depth === 'uchar'
  const decoded = await decode(path, 3, whileDecoding ? { width: size, height } : undefined)
  const horizontal = await resizePass(decoded, size, height, horizontalInLibvips)
  return resizePass(horizontal, size, size, libvipsReducesAxis(horizontal.height, size))
}

/**
 * Reads a ground-truth mask, resizes it to size x size with Pillow's bicubic filter and binarises it
 * (any value > 0 becomes 1), as the reference's MVTec loader does. One channel, values 0 or 1.
 */
export async function readMask(path: string, size: number, fit: ImageFit = 'squash'): Promise<RgbImage> {
  const decoded = await decode(path, 1)
  const resized = resizeBicubicPil(fit === 'center-crop' ? centerSquare(decoded) : decoded, size, size)
  const binary = new Uint8Array(resized.data.length)
  for (let i = 0; i < binary.length; i++) binary[i] = (resized.data[i] as number) > 0 ? 1 : 0
  return { ...resized, data: binary }
}

/** Width, height and sample format (libvips' name: 'uchar', 'ushort', ...) from the file header only. */
async function readHeader(path: ImageSource): Promise<{ width: number; height: number; depth: string }> {
  try {
    const meta = await imageHeader(path)
    if (meta.width === undefined || meta.height === undefined) throw new Error('the header has no size')
    return { width: meta.width, height: meta.height, depth: meta.depth ?? 'uchar' }
  } catch (error) {
    throw new ImageReadError(path, error)
  }
}

/** Width and height from the file header only (no pixel decoding); used to validate datasets cheaply. */
export async function readImageSize(path: string): Promise<{ width: number; height: number }> {
  const { width, height } = await readHeader(path)
  return { width, height }
}
