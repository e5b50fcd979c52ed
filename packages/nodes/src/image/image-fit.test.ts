import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { readImageRgb, readMask } from './read-image'

/** A wide 90x40 image and, separately, its centred 40x40 square: center-crop must read them alike. */
let dir: string
const rng = createRandom('fit')
const wide = Uint8Array.from({ length: 90 * 40 * 3 }, () => rng.int(0, 255))
const square = new Uint8Array(40 * 40 * 3)
for (let y = 0; y < 40; y++) square.set(wide.subarray((y * 90 + 25) * 3, (y * 90 + 65) * 3), y * 40 * 3)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'image-fit-'))
  await sharp(Buffer.from(wide), { raw: { width: 90, height: 40, channels: 3 } }).png().toFile(join(dir, 'wide.png'))
  await sharp(Buffer.from(square), { raw: { width: 40, height: 40, channels: 3 } }).png().toFile(join(dir, 'square.png'))
  const mask = new Uint8Array(90 * 40)
  for (let y = 10; y < 20; y++) for (let x = 30; x < 40; x++) mask[y * 90 + x] = 255
  await sharp(Buffer.from(mask), { raw: { width: 90, height: 40, channels: 1 } }).png().toFile(join(dir, 'wide_mask.png'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('image fit', () => {
  it('center-crop reads the centred square of a non-square image, for both resamples', async () => {
    for (const resample of ['bicubic', 'pillow-bicubic'] as const) {
      const cropped = await readImageRgb(join(dir, 'wide.png'), 32, resample, 'center-crop')
      const reference = await readImageRgb(join(dir, 'square.png'), 32, resample)
      // exact with the Pillow port; the libvips route may round a level apart (decoding vs in-memory pass)
      const worst = Array.from(cropped.data).reduce((w, v, i) => Math.max(w, Math.abs(v - (reference.data[i] as number))), 0)
      expect(worst, resample).toBeLessThanOrEqual(resample === 'pillow-bicubic' ? 0 : 2)
      const squashed = await readImageRgb(join(dir, 'wide.png'), 32, resample)
      expect(Array.from(squashed.data)).not.toEqual(Array.from(reference.data))
    }
  })

  it('crops the mask the same way, so the defect stays where the image shows it', async () => {
    const mask = await readMask(join(dir, 'wide_mask.png'), 40, 'center-crop')
    // columns 30..39 of the wide image are columns 5..14 of the centred square
    expect(mask.data[15 * 40 + 10]).toBe(1)
    expect(mask.data[15 * 40 + 30]).toBe(0)
    expect(mask.data[30 * 40 + 10]).toBe(0)
  })
})
