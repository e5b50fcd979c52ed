import { readFile } from 'node:fs/promises'

import sharp from 'sharp'

import { bmpSize, decodeBmp, isBmp } from './bmp-decode'

const BMP_NAME = /\.(bmp|dib)$/i

/**
 * An image file's path, or its bytes already in memory (an upload to the inspection API: decoding them
 * directly spares a temporary file).
 */
export type ImageSource = string | Buffer

/** The file's bytes when its name (or, for bytes, their start) says BMP and its first bytes agree, else undefined (sharp reads it). */
async function bmpBytes(path: ImageSource): Promise<Buffer | undefined> {
  if (typeof path !== 'string') return isBmp(path) ? path : undefined
  if (!BMP_NAME.test(path)) return undefined
  const bytes = await readFile(path)
  return isBmp(bytes) ? bytes : undefined
}

/**
 * A sharp pipeline over an image file. libvips reads PNG, JPEG, TIFF and WebP itself; BMP files, which
 * it cannot read, are decoded here and handed over as raw pixels, so everything downstream is the same.
 */
export async function openImage(path: ImageSource): Promise<sharp.Sharp> {
  const bytes = await bmpBytes(path)
  if (!bytes) return sharp(path)
  const pixels = decodeBmp(bytes)
  const raw = { width: pixels.width, height: pixels.height, channels: pixels.channels }
  return sharp(Buffer.from(pixels.data.buffer, pixels.data.byteOffset, pixels.data.length), { raw })
}

/** Width, height and sample format from the header only, BMP included. */
export async function imageHeader(path: ImageSource): Promise<{ width?: number; height?: number; depth?: string }> {
  const bytes = await bmpBytes(path)
  if (bytes) return { ...bmpSize(bytes), depth: 'uchar' }
  return sharp(path).metadata()
}
