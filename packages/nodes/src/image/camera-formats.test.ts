import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { readImageRgb, readImageSize } from './read-image'

/** The formats industrial cameras write besides PNG and JPEG: BMP (8-bit grey, 24-bit) and 16-bit grey TIFF. */
let dir: string
const width = 37
const height = 23
const rng = createRandom('camera')
const grey = Uint8Array.from({ length: width * height }, () => rng.int(0, 255))

function bmp(bitCount: 8 | 24): Buffer {
  const stride = Math.ceil((width * bitCount) / 32) * 4
  const palette = bitCount === 8 ? 256 * 4 : 0
  const out = Buffer.alloc(54 + palette + stride * height)
  out.write('BM', 0)
  out.writeUInt32LE(out.length, 2)
  out.writeUInt32LE(54 + palette, 10)
  out.writeUInt32LE(40, 14)
  out.writeInt32LE(width, 18)
  out.writeInt32LE(height, 22)
  out.writeUInt16LE(1, 26)
  out.writeUInt16LE(bitCount, 28)
  for (let i = 0; bitCount === 8 && i < 256; i++) out.set([i, i, i, 0], 54 + i * 4)
  for (let y = 0; y < height; y++) {
    const row = 54 + palette + (height - 1 - y) * stride
    for (let x = 0; x < width; x++) {
      const v = grey[y * width + x] as number
      if (bitCount === 8) out[row + x] = v
      else out.set([v, v, v], row + x * 3)
    }
  }
  return out
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camera-formats-'))
  await writeFile(join(dir, 'grey8.bmp'), bmp(8))
  await writeFile(join(dir, 'rgb24.bmp'), bmp(24))
  await sharp(Buffer.from(grey), { raw: { width, height, channels: 1 } }).png().toFile(join(dir, 'same.png'))
  const sixteen = Uint16Array.from(grey, (v) => v * 257)
  await sharp(sixteen, { raw: { width, height, channels: 1 } })
    .toColourspace('grey16')
    // lossless: sharp's TIFF default is JPEG-compressed 8-bit
    .tiff({ compression: 'lzw' })
    .toFile(join(dir, 'grey16.tif'))
  expect((await sharp(join(dir, 'grey16.tif')).metadata()).depth).toBe('ushort')
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('camera file formats', () => {
  it('reads 8-bit grey and 24-bit BMP files to the same pixels as the PNG of the same image', async () => {
    const png = await readImageRgb(join(dir, 'same.png'), 32)
    for (const name of ['grey8.bmp', 'rgb24.bmp']) {
      expect(await readImageSize(join(dir, name))).toEqual({ width, height })
      const image = await readImageRgb(join(dir, name), 32)
      expect([image.width, image.height, image.channels]).toEqual([32, 32, 3])
      expect(Array.from(image.data), name).toEqual(Array.from(png.data))
    }
  })

  it('reads a 16-bit grey TIFF as the 8-bit image it was made from', async () => {
    const png = await readImageRgb(join(dir, 'same.png'), 32, 'pillow-bicubic')
    const tif = await readImageRgb(join(dir, 'grey16.tif'), 32, 'pillow-bicubic')
    const diff = Array.from(tif.data).reduce((worst, v, i) => Math.max(worst, Math.abs(v - (png.data[i] as number))), 0)
    expect(diff).toBeLessThanOrEqual(1)
  })

  it('names the file of a broken BMP', async () => {
    await writeFile(join(dir, 'cut.bmp'), bmp(24).subarray(0, 100))
    await expect(readImageRgb(join(dir, 'cut.bmp'), 32)).rejects.toThrow(/cannot read image ".*cut\.bmp": expected a PNG, JPEG, TIFF, WebP or BMP image, BMP pixel data cut short/)
  })
})
