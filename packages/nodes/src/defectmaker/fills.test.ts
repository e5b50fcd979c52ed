import { describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { cutPasteFill, DEFAULT_NOISE_FILL, drawNoise, noiseFill } from './fills'
import { createMask } from './mask'
import { resizeBicubic } from './resize-bicubic'
import { createSamplePool } from './sample-pool'
import { syntheticImage } from './test-images'

describe('fills (REB-METHOD 3.4)', () => {
  it('keeps raw noise within [max(mu - f, 0), min(mu + f, 254)] per channel', () => {
    const rng = createRandom('noise-bounds')
    const seen = new Set<string>()
    for (let i = 0; i < 300; i++) {
      const draw = drawNoise(DEFAULT_NOISE_FILL, rng.int(5, 60), rng)
      const lo = Math.max(draw.mean - draw.fluct, 0)
      const hi = Math.min(draw.mean + draw.fluct, 254)
      expect(draw.bounds).toEqual([lo, hi])
      expect(Math.min(...draw.raw.data)).toBeGreaterThanOrEqual(lo)
      expect(Math.max(...draw.raw.data)).toBeLessThanOrEqual(hi)
      seen.add(`${draw.mean}/${draw.fluct}/${draw.scale}/${draw.aspect}`)
    }
    expect(seen.size).toBeGreaterThan(200)
  })

  it('sizes the raw noise from the width only, then resizes to the box', () => {
    const config = { ...DEFAULT_NOISE_FILL, scales: [2], aspects: [4] }
    const draw = drawNoise(config, 20, createRandom('noise-size'))
    expect([draw.raw.width, draw.raw.height]).toEqual([40, 2])
    const fill = noiseFill(config, 20, 13, createRandom('noise-size'))
    expect([fill.width, fill.height, fill.data.length]).toEqual([20, 13, 20 * 13 * 3])
  })

  it('colours the noise per channel independently', () => {
    const config = { ...DEFAULT_NOISE_FILL, means: [120], flucts: [45], scales: [1], aspects: [1] }
    const { raw } = drawNoise(config, 30, createRandom('colour'))
    let differing = 0
    for (let i = 0; i < raw.data.length; i += 3) if (raw.data[i] !== raw.data[i + 1]) differing++
    expect(differing / (raw.data.length / 3)).toBeGreaterThan(0.9)
  })

  it('cuts a patch of the requested size around a salient pixel of a pool image', () => {
    const rng = createRandom('cut')
    const image = syntheticImage(32, rng)
    const saliency = createMask(32, 32)
    saliency.data[31 * 32 + 31] = 1 // only the bottom-right corner is salient
    const pool = createSamplePool([image], [saliency])
    const patch = cutPasteFill(pool, 10, 6, rng)
    expect([patch.width, patch.height, patch.data.length]).toEqual([10, 6, 180])
  })

  it('resizes bicubically without changing a constant image', () => {
    const flat = { width: 7, height: 3, channels: 3, data: new Uint8Array(63).fill(99) }
    for (const [w, h] of [[20, 11], [2, 2], [7, 3]] as const) {
      expect(resizeBicubic(flat, w, h).data.every((v) => v === 99)).toBe(true)
    }
  })
})
