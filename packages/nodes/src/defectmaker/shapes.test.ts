import { describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { maskArea, maskBoundingBox } from './mask'
import { rotateMaskExpand } from './rotate-mask'
import { DEFAULT_SHAPES, makeShape, randomBoxSize } from './shapes'

describe('shape families (REB-METHOD 3.3)', () => {
  it('draws bezier boxes within the area and aspect ranges and fills them edge to edge', () => {
    const rng = createRandom('bezier-family')
    for (let i = 0; i < 100; i++) {
      const mask = makeShape(DEFAULT_SHAPES.bezier, 256, rng)
      const area = mask.width * mask.height
      expect(area).toBeGreaterThanOrEqual(0.02 * 256 * 256 * 0.95)
      expect(area).toBeLessThanOrEqual(0.15 * 256 * 256 * 1.05)
      expect(Math.max(mask.width / mask.height, mask.height / mask.width)).toBeLessThanOrEqual(3.3 + 0.1)
      expect(maskBoundingBox(mask)).toEqual({ x: 0, y: 0, width: mask.width, height: mask.height })
    }
  })

  it('keeps scar sizes within [7, 21] x [15, 30] before rotation', () => {
    const rng = createRandom('scar-family')
    for (let i = 0; i < 200; i++) {
      const mask = makeShape(DEFAULT_SHAPES.scar, 256, rng)
      // after a rotation of at most 45 degrees the tight box of a w x h shape is bounded by (w + h) / sqrt 2
      const bound = Math.ceil((21 + 30) / Math.SQRT2) + 2
      expect(mask.width).toBeLessThanOrEqual(bound)
      expect(mask.height).toBeLessThanOrEqual(bound)
      // tight crop: the shape touches every side of its mask
      expect(maskBoundingBox(mask)).toEqual({ x: 0, y: 0, width: mask.width, height: mask.height })
      expect(Math.max(mask.width, mask.height)).toBeGreaterThanOrEqual(15 - 2)
    }
  })

  it('draws the scar box from the inclusive ranges (ranges of a pinned config are respected)', () => {
    const pinned = { ...DEFAULT_SHAPES.scar, scarWidth: [9, 9] as [number, number], scarHeight: [20, 20] as [number, number], scarRotation: [0, 0] as [number, number] }
    const mask = makeShape(pinned, 256, createRandom('pinned-scar'))
    expect([mask.width, mask.height]).toEqual([9, 20])
  })

  it('draws every unrotated scar box inside [7, 21] x [15, 30] and reaches both ends of the ranges', () => {
    const upright = { ...DEFAULT_SHAPES.scar, scarRotation: [0, 0] as [number, number] }
    const rng = createRandom('scar-upright')
    const widths = new Set<number>()
    const heights = new Set<number>()
    for (let i = 0; i < 400; i++) {
      const mask = makeShape(upright, 256, rng)
      widths.add(mask.width)
      heights.add(mask.height)
    }
    expect(Math.min(...widths)).toBe(7)
    expect(Math.max(...widths)).toBe(21)
    expect(Math.min(...heights)).toBe(15)
    expect(Math.max(...heights)).toBe(30)
  })

  it('makes clump masks inside the box, fragmented but non-trivial on average', () => {
    const rng = createRandom('clump-family')
    let filled = 0
    for (let i = 0; i < 40; i++) {
      const mask = makeShape(DEFAULT_SHAPES.clump, 256, rng)
      expect(mask.width * mask.height).toBeLessThanOrEqual(0.15 * 256 * 256 * 1.05)
      filled += maskArea(mask) / (mask.width * mask.height)
    }
    expect(filled / 40).toBeGreaterThan(0.05)
    expect(filled / 40).toBeLessThan(0.6)
  })

  it('clamps a box larger than the image', () => {
    const box = randomBoxSize(16, [0.9, 0.9], 4, createRandom('clamp'))
    expect(box.width).toBeLessThanOrEqual(16)
    expect(box.height).toBeLessThanOrEqual(16)
  })

  it('rotates counter-clockwise with an expanded canvas', () => {
    // a 1-pixel-high bar rotated by 90 degrees becomes a 1-pixel-wide column
    const bar = { width: 5, height: 1, data: new Uint8Array([1, 1, 1, 1, 1]) }
    const upright = rotateMaskExpand(bar, 90)
    expect([upright.width, upright.height]).toEqual([1, 5])
    expect(maskArea(upright)).toBe(5)
    // a marked right end moves to the top under a counter-clockwise turn
    const marked = { width: 5, height: 1, data: new Uint8Array([0, 0, 0, 0, 1]) }
    expect(rotateMaskExpand(marked, 90).data[0]).toBe(1)
  })
})
