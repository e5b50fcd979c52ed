import { describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { colorJitter } from './color-jitter'
import { makeDefect, makeTrainingItem } from './make-defect'
import { createMask, maskArea, maskBoundingBox } from './mask'
import { applyTranspose, TRANSPOSE_CHOICES } from './random-transpose'
import { referenceMakers } from './reference-makers'
import { createSamplePool } from './sample-pool'
import { syntheticImage } from './test-images'

function pool(seed: string) {
  const rng = createRandom(seed)
  return createSamplePool([syntheticImage(64, rng), syntheticImage(64, rng), syntheticImage(64, rng)])
}

describe('defect makers (REB-METHOD 3)', () => {
  it('labels a training item 0..6 in key order: normal first, then the six makers', () => {
    const makers = referenceMakers()
    expect(makers.map((m) => m.name)).toEqual([
      'bezier_cp', 'bezier_scar_cp', 'bezier_clump_cp', 'bezier_noise', 'bezier_scar_noise', 'bezier_clump_noise',
    ])
    const p = pool('labels')
    const item = makeTrainingItem(makers, p.samples[0]!, p, createRandom('item'))
    expect(item.labels).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(item.images).toHaveLength(7)
    expect(maskArea(item.masks[0]!)).toBe(0)
  })

  it('changes pixels only inside the defect box, which lies inside the image', () => {
    const p = pool('inside')
    const rng = createRandom('defects')
    for (const maker of referenceMakers()) {
      for (let i = 0; i < 10; i++) {
        const target = p.samples[i % 3]!
        const defect = makeDefect(maker, target, p, rng)
        const { box } = defect
        expect(box.x >= 0 && box.y >= 0 && box.x + box.width <= 64 && box.y + box.height <= 64).toBe(true)
        let changedOutside = 0
        for (let y = 0; y < 64; y++) {
          for (let x = 0; x < 64; x++) {
            const inBox = x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height
            for (let c = 0; c < 3 && !inBox; c++) {
              if (defect.image.data[(y * 64 + x) * 3 + c] !== target.image.data[(y * 64 + x) * 3 + c]) changedOutside++
            }
          }
        }
        expect(changedOutside).toBe(0)
        const maskBox = maskBoundingBox(defect.mask)
        if (maskBox) expect(maskBox.x >= box.x && maskBox.x + maskBox.width <= box.x + box.width).toBe(true)
      }
    }
  })

  it('gives the same images for the same seed and different ones for another seed', () => {
    const makers = referenceMakers()
    const p = pool('seeded')
    const a = makeTrainingItem(makers, p.samples[1]!, p, createRandom(42))
    const b = makeTrainingItem(makers, p.samples[1]!, p, createRandom(42))
    const c = makeTrainingItem(makers, p.samples[1]!, p, createRandom(43))
    expect(a.images.map((im) => im.data)).toEqual(b.images.map((im) => im.data))
    expect(a.images.map((im) => im.data)).not.toEqual(c.images.map((im) => im.data))
  })
})

describe('SSL augmentations (REB-METHOD 2.4)', () => {
  it('draws transverse and the horizontal flip twice as often and never a vertical flip', () => {
    const count = (op: string): number => TRANSPOSE_CHOICES.filter((o) => o === op).length
    expect(TRANSPOSE_CHOICES).toHaveLength(9)
    expect([count('identity'), count('rot90'), count('rot180'), count('rot270'), count('transpose')]).toEqual([1, 1, 1, 1, 1])
    expect([count('transverse'), count('flipLeftRight')]).toEqual([2, 2])
  })

  it('transposes image and saliency consistently', () => {
    const saliency = createMask(3, 2)
    saliency.data[2] = 1 // top-right
    expect([...applyTranspose(saliency, 'rot90', 1).data]).toEqual([1, 0, 0, 0, 0, 0]) // -> top-left of 2x3
    expect([...applyTranspose(saliency, 'flipLeftRight', 1).data]).toEqual([1, 0, 0, 0, 0, 0])
    // transverse = transpose, then rotate 180: (2, 0) -> (0, 2) -> (1, 0) of the 2x3 output
    expect([...applyTranspose(saliency, 'transverse', 1).data]).toEqual([0, 1, 0, 0, 0, 0])
  })

  it('jitters colours by a bounded amount', () => {
    const image = syntheticImage(16, createRandom('jitter'))
    const out = colorJitter(image, createRandom('j'))
    let diff = 0
    for (let i = 0; i < image.data.length; i++) diff = Math.max(diff, Math.abs(out.data[i]! - image.data[i]!))
    expect(diff).toBeGreaterThan(0)
    expect(diff).toBeLessThan(120)
  })
})
