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
  it('decodes losslessly and applies the PIL bicubic resize', async () => {
    const original = await readImageRgb(join(dir, 'rgb.png'), 10)
    // 10 x 6 -> 10 x 10 changes only the height; the decoded pixels are the ones written
    const { data } = await sharp(join(dir, 'rgb.png')).raw().toBuffer({ resolveWithObject: true })
    const expected = resizeBicubicPil({ width: 10, height: 6, channels: 3, data: new Uint8Array(data) }, 10, 10)
    expect(original.width).toBe(10)
    expect(Array.from(original.data)).toEqual(Array.from(expected.data))
  })

  it('names an unreadable file', async () => {
    await expect(readImageRgb(join(dir, 'broken.png'), 8)).rejects.toBeInstanceOf(ImageReadError)
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
