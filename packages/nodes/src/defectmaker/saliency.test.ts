import { describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { maskArea } from './mask'
import { estimateForeground, otsuThreshold, saliencyPathFor } from './saliency'
import { syntheticImage } from './test-images'

describe('saliency (REB-METHOD 2.3, 12.5)', () => {
  it('names map files like the reference: <image without extension>_saliency.jpg', () => {
    expect(saliencyPathFor('/d/train/good/000.png', '_saliency.jpg')).toBe('/d/train/good/000_saliency.jpg')
  })

  it('splits a two-level histogram between its levels (Otsu)', () => {
    const values = Float32Array.from([...Array(50).fill(20), ...Array(50).fill(200)])
    const t = otsuThreshold(values)
    expect(t).toBeGreaterThanOrEqual(20)
    expect(t).toBeLessThan(200)
  })

  it('estimates the foreground of an object on a plain background', () => {
    const image = syntheticImage(64, createRandom('fg'))
    const mask = estimateForeground(image)
    // the synthetic disc has radius 0.3 * 64: about 28% of the image
    const fraction = maskArea(mask) / (64 * 64)
    expect(fraction).toBeGreaterThan(0.2)
    expect(fraction).toBeLessThan(0.36)
    expect(mask.data[0]).toBe(0) // a corner is background
  })

  it('falls back to uniform placement when nothing stands out', () => {
    const flat = { width: 16, height: 16, channels: 3 as const, data: new Uint8Array(16 * 16 * 3).fill(90) }
    expect(maskArea(estimateForeground(flat))).toBe(256)
  })
})
