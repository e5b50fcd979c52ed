import { describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { aupro } from './aupro'
import { aurocFromSorted } from './auroc'
import { connectedComponents } from './components'
import { type PixelSet, splitPixels } from './pixel-set'

/** Two 2x2 images with hand-computed PRO curve (see the comments of the AUPRO tests). */
function handSet(): PixelSet {
  return {
    size: 2,
    maps: Float32Array.from([0.8, 0.3, 0.5, 0.1, 0.2, 0.4, 0.6, 0.7, 0.9, 0, 0, 0]),
    masks: [Uint8Array.from([1, 1, 0, 0]), Uint8Array.from([0, 0, 0, 1]), null],
  }
}

describe('connected components', () => {
  it('joins diagonal neighbours (8-connectivity)', () => {
    const { areas } = connectedComponents(Uint8Array.from([1, 0, 0, 1]), 2)
    expect(areas.slice(1)).toEqual([2])
  })
  it('separates regions that do not touch', () => {
    const mask = Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 0, 1])
    const { labels, areas } = connectedComponents(mask, 3)
    expect(areas.slice(1)).toEqual([2, 1])
    expect(labels[8]).toBe(2)
  })
})

describe('pixel AUROC', () => {
  it('matches the hand count over all images and over anomalous images only', () => {
    const set = handSet()
    // Positives 0.8, 0.7, 0.3 over normals 0.5 0.1 0.2 0.4 0.6: 5 + 5 + 2 = 12 of 15 pairs.
    const anomalous = splitPixels(set, [0, 1])
    expect(aurocFromSorted(anomalous.pos, anomalous.neg)).toBeCloseTo(12 / 15, 6)
    // Adding the good image adds normals 0.9, 0, 0, 0: 8 + 8 + 5 = 21 of 27 pairs.
    const all = splitPixels(set, [0, 1, 2])
    expect(aurocFromSorted(all.pos, all.neg)).toBeCloseTo(21 / 27, 6)
  })
  it('handles a million pixels quickly', () => {
    const rng = createRandom('pixels')
    const count = 16
    const size = 256
    const maps = new Float32Array(count * size * size).map(() => rng.next())
    const masks = Array.from({ length: count }, () => new Uint8Array(size * size).map((_, k) => (k % 97 === 0 ? 1 : 0)))
    const started = performance.now()
    const split = splitPixels({ maps, masks, size }, [...Array(count).keys()])
    const value = aurocFromSorted(split.pos, split.neg)!
    expect(performance.now() - started).toBeLessThan(3000)
    expect(Math.abs(value - 0.5)).toBeLessThan(0.02)
  })
})

describe('AUPRO', () => {
  it('integrates the hand-computed PRO curve over the whole FPR range', () => {
    // Regions: R1 = {0.8, 0.3} (credit 1/4 each), R2 = {0.7} (credit 1/2). Normals: 0.5 0.1 0.2 0.4 0.6.
    // Curve: (0,.25) (0,.75) (.2,.75) (.4,.75) (.6,.75) (.6,1) (.8,1) (1,1): area 0.85.
    expect(aupro(handSet(), [0, 1], 1).value).toBeCloseTo(0.85, 6)
  })
  it('interpolates at the FPR limit and normalises by it', () => {
    // Up to FPR 0.3: 0.2 * 0.75 + 0.1 * 0.75 = 0.225, / 0.3 = 0.75.
    expect(aupro(handSet(), [0, 1], 0.3).value).toBeCloseTo(0.75, 6)
  })
  it('is 1 for a perfect map and about 0.15 for a random one', () => {
    const rng = createRandom('aupro-random')
    const size = 64
    const mask = new Uint8Array(size * size).map((_, k) => (k % size < 10 && k < size * 10 ? 1 : 0))
    const perfect: PixelSet = { size, maps: Float32Array.from(mask, (m) => m + 0.01 * rng.next()), masks: [mask] }
    expect(aupro(perfect, [0]).value).toBeCloseTo(1, 6)
    const random: PixelSet = { size, maps: new Float32Array(size * size).map(() => rng.next()), masks: [mask] }
    expect(aupro(random, [0]).value).toBeCloseTo(0.15, 1)
  })
  it('is null with a reason when there is no region', () => {
    const set: PixelSet = { size: 2, maps: new Float32Array(4), masks: [new Uint8Array(4)] }
    expect(aupro(set, [0])).toEqual({ value: null, note: 'no ground-truth anomalous region' })
  })
})
