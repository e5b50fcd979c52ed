import { readFile } from 'node:fs/promises'

import sharp from 'sharp'

import { bmpSize, decodeBmp, isBmp } from './bmp-decode'

const BMP_NAME = /\.(bmp|dib)$/i

/** The file's bytes when its name says BMP and its first bytes agree, else undefined (sharp reads it). */
async function bmpBytes(path: string): Promise<Buffer | undefined> {
  if (!BMP_NAME.test(path)) return undefined
  const bytes = await readFile(path)
  return isBmp(bytes) ? bytes : undefined
}

/**
 * A sharp pipeline over an image file. libvips reads PNG, JPEG, TIFF and WebP itself; BMP files, which
 * it cannot read, are decoded here and handed over as raw pixels, so everything downstream is the same.
 */
export async function openImage(path: string): Promise<sharp.Sharp> {
  const bytes = await bmpBytes(path)
  if (!bytes) return sharp(path)
  const pixels = decodeBmp(bytes)
  const raw = { width: pixels.width, height: pixels.height, channels: pixels.channels }
  return sharp(Buffer.from(pixels.data.buffer, pixels.data.byteOffset, pixels.data.length), { raw })
}

/** Width, height and sample format from the header only, BMP included. */
export async function imageHeader(path: string): Promise<{ width?: number; height?: number; depth?: string }> {
  const bytes = await bmpBytes(path)
  if (bytes) return { ...bmpSize(bytes), depth: 'uchar' }
  return sharp(path).metadata()
}
