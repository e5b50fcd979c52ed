import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { resizeBicubicPil } from './pil-resize'
import { ImageReadError, readImageRgb, readImageSize, readMask } from './read-image'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'if-image-'))
  const rgb = Buffer.alloc(10 * 6 * 3)
  for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 37) % 256
  await sharp(rgb, { raw: { width: 10, height: 6, channels: 3 } }).png().toFile(join(dir, 'rgb.png'))
  const mask = Buffer.alloc(10 * 6)
  mask[2 * 10 + 4] = 255
  await sharp(mask, { raw: { width: 10, height: 6, channels: 1 } }).png().toFile(join(dir, 'mask.png'))
  await writeFile(join(dir, 'broken.png'), 'not an image')
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('readImageRgb', () => {
  it('decodes losslessly and applies the PIL bicubic resize with pillow-bicubic', async () => {
    const original = await readImageRgb(join(dir, 'rgb.png'), 10, 'pillow-bicubic')
    // 10 x 6 -> 10 x 10 changes only the height; the decoded pixels are the ones written
    const { data } = await sharp(join(dir, 'rgb.png')).raw().toBuffer({ resolveWithObject: true })
    const expected = resizeBicubicPil({ width: 10, height: 6, channels: 3, data: new Uint8Array(data) }, 10, 10)
    expect(original.width).toBe(10)
    expect(Array.from(original.data)).toEqual(Array.from(expected.data))
  })

  it('bicubic (libvips) stays within a few grey levels of Pillow on a smooth downscale', async () => {
    const side = 90
    const smooth = Buffer.alloc(side * side * 3)
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const i = (y * side + x) * 3
        smooth[i] = Math.round(127 + 100 * Math.sin(x / 7))
        smooth[i + 1] = Math.round(127 + 100 * Math.cos(y / 9))
        smooth[i + 2] = (x + y) % 256
      }
    }
    const file = join(dir, 'smooth.png')
    await sharp(smooth, { raw: { width: side, height: side, channels: 3 } }).png().toFile(file)
    const fast = await readImageRgb(file, 32, 'bicubic')
    const exact = await readImageRgb(file, 32, 'pillow-bicubic')
    expect([fast.width, fast.height, fast.channels]).toEqual([32, 32, 3])
    let sum = 0
    let max = 0
    for (let i = 0; i < exact.data.length; i++) {
      const d = Math.abs((fast.data[i] as number) - (exact.data[i] as number))
      sum += d
      max = Math.max(max, d)
    }
    expect(sum / exact.data.length).toBeLessThan(1)
    expect(max).toBeLessThanOrEqual(8)
  })

  it('bicubic leaves an image already at the size untouched', async () => {
    const same = await readImageRgb(join(dir, 'rgb.png'), 10, 'bicubic')
    expect(same.height).toBe(10)
    const square = Buffer.alloc(8 * 8 * 3)
    for (let i = 0; i < square.length; i++) square[i] = (i * 53) % 256
    await sharp(square, { raw: { width: 8, height: 8, channels: 3 } }).png().toFile(join(dir, 'square.png'))
    const read = await readImageRgb(join(dir, 'square.png'), 8, 'bicubic')
    expect(Array.from(read.data)).toEqual(Array.from(square))
  })

  it('names an unreadable file', async () => {
    await expect(readImageRgb(join(dir, 'broken.png'), 8)).rejects.toBeInstanceOf(ImageReadError)
    await expect(readImageRgb(join(dir, 'broken.png'), 8, 'pillow-bicubic')).rejects.toThrow(/broken\.png/)
    await expect(readImageSize(join(dir, 'broken.png'))).rejects.toThrow(/broken\.png/)
  })
})

describe('readMask', () => {
  it('resizes and binarises: any value above 0 is 1', async () => {
    const mask = await readMask(join(dir, 'mask.png'), 20)
    expect(mask.channels).toBe(1)
    expect(mask.data.every((v) => v === 0 || v === 1)).toBe(true)
    const ones = mask.data.reduce((s, v) => s + v, 0)
    // one bright pixel of a 10 x 6 image spreads over a few cells of 20 x 20 (ringing below 0 is clamped)
    expect(ones).toBeGreaterThan(2)
    expect(ones).toBeLessThan(40)
    expect(mask.data[0]).toBe(0)
  })
})
