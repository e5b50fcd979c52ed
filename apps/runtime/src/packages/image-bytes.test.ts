import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { createRandom, readImageRgb } from '@inspectflow/nodes'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { tempDir } from '../../test/run-helpers'

/**
 * The inspection API decodes uploaded bytes straight to the package's preprocessing; they must give the
 * pixels the graph got from the same file on disk, in every format a camera writes.
 */
const width = 90
const height = 70
let dir: string
const rgb = Buffer.from(Uint8Array.from({ length: width * height * 3 }, (() => {
  const rng = createRandom('image-bytes')
  return () => rng.int(0, 255)
})()))

/** A 24-bit bottom-up BMP, which libvips cannot read and the program decodes itself. */
function bmp24(): Buffer {
  const stride = Math.ceil((width * 3) / 4) * 4
  const out = Buffer.alloc(54 + stride * height)
  out.write('BM', 0)
  out.writeUInt32LE(out.length, 2)
  out.writeUInt32LE(54, 10)
  out.writeUInt32LE(40, 14)
  out.writeInt32LE(width, 18)
  out.writeInt32LE(height, 22)
  out.writeUInt16LE(1, 26)
  out.writeUInt16LE(24, 28)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3
      out.set([rgb[at + 2] as number, rgb[at + 1] as number, rgb[at] as number], 54 + (height - 1 - y) * stride + x * 3)
    }
  }
  return out
}

beforeAll(async () => {
  dir = await tempDir()
  const raw = sharp(rgb, { raw: { width, height, channels: 3 } })
  await writeFile(join(dir, 'a.png'), await raw.clone().png().toBuffer())
  await writeFile(join(dir, 'a.jpg'), await raw.clone().jpeg({ quality: 90 }).toBuffer())
  await writeFile(join(dir, 'a.tif'), await raw.clone().tiff().toBuffer())
  await writeFile(join(dir, 'a.bmp'), bmp24())
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('decoding uploaded bytes', () => {
  it.each(['a.png', 'a.jpg', 'a.tif', 'a.bmp'])('%s: bytes decode to the pixels of the file', async (name) => {
    const file = join(dir, name)
    for (const fit of ['squash', 'center-crop'] as const) {
      const fromFile = await readImageRgb(file, 48, 'bicubic', fit)
      const fromBytes = await readImageRgb(await readFile(file), 48, 'bicubic', fit)
      expect(fromBytes.width).toBe(48)
      expect(Buffer.from(fromBytes.data).equals(Buffer.from(fromFile.data))).toBe(true)
    }
  })

  it('refuses bytes that are no image, saying so', async () => {
    await expect(readImageRgb(Buffer.from('GIF89a not really'), 48)).rejects.toThrow(/cannot read image "image bytes/)
  })
})
