import { describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { alphaMask, ellipseKernel, erode, fuse, gaussianBlur } from './blend'
import { createMask } from './mask'
import { boxAround, placeDefect, randomSalientPoint } from './placement'

describe('blending (REB-METHOD 3.6)', () => {
  it('builds cv2 elliptical kernels (3: a cross, 5: rounded corners)', () => {
    expect([...ellipseKernel(3)]).toEqual([0, 1, 0, 1, 1, 1, 0, 1, 0])
    expect([...ellipseKernel(5)]).toEqual([0, 0, 1, 0, 0, ...Array(15).fill(1), 0, 0, 1, 0, 0])
  })

  it('erodes inner edges but not at the image border', () => {
    const mask = createMask(5, 5, 1)
    mask.data[12] = 0 // a hole in the middle
    const eroded = erode(mask, 3)
    expect(eroded.data[7]).toBe(0) // above the hole
    expect(eroded.data[0]).toBe(1) // corner: outside counts as set
  })

  it('blurs with a normalised kernel (a constant stays constant)', () => {
    const flat = new Float32Array(36).fill(0.7)
    for (const v of gaussianBlur(flat, 6, 6, 5)) expect(v).toBeCloseTo(0.7, 6)
  })

  it('scales alpha by the fuse weight and keeps it in [0, w]', () => {
    const shape = createMask(20, 20, 1)
    const rng = createRandom('alpha')
    for (let i = 0; i < 20; i++) {
      const alpha = alphaMask(shape, { edgeKernel: 5, blurProb: 0.5, fuseWeight: [0.5, 1] }, rng)
      const max = Math.max(...alpha)
      expect(max).toBeGreaterThanOrEqual(0.5 - 1e-6)
      expect(max).toBeLessThanOrEqual(1 + 1e-6)
      expect(Math.min(...alpha)).toBeGreaterThanOrEqual(0)
    }
    const hard = alphaMask(shape, { edgeKernel: 3, blurProb: 0, fuseWeight: 1 }, rng)
    expect(hard.every((v) => v === 1)).toBe(true)
  })

  it('fuses alpha * fill + (1 - alpha) * image only inside the box', () => {
    const image = { width: 4, height: 4, channels: 3 as const, data: new Uint8Array(48).fill(100) }
    const fill = { width: 2, height: 2, channels: 3 as const, data: new Uint8Array(12).fill(200) }
    const out = fuse(image, fill, new Float32Array([1, 0.5, 0, 0.25]), { x: 1, y: 2, width: 2, height: 2 })
    const at = (x: number, y: number): number => out.data[(y * 4 + x) * 3]!
    expect([at(1, 2), at(2, 2), at(1, 3), at(2, 3)]).toEqual([200, 150, 100, 125])
    expect(at(0, 0)).toBe(100)
    expect(image.data[(2 * 4 + 1) * 3]).toBe(100) // input untouched
  })
})

describe('placement (REB-METHOD 3.5)', () => {
  it('keeps the defect box fully inside the image', () => {
    const rng = createRandom('inside')
    const saliency = createMask(64, 64, 1)
    for (let i = 0; i < 500; i++) {
      const w = rng.int(1, 64)
      const h = rng.int(1, 64)
      const box = placeDefect(saliency, w, h, rng)
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.y).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(64)
      expect(box.y + box.height).toBeLessThanOrEqual(64)
    }
  })

  it('anchors on salient pixels only', () => {
    const saliency = createMask(10, 10)
    saliency.data[3 * 10 + 7] = 1
    saliency.data[8 * 10 + 2] = 1
    const rng = createRandom('anchor')
    const seen = new Set<string>()
    for (let i = 0; i < 50; i++) {
      const p = randomSalientPoint(saliency, rng)
      seen.add(`${p.x},${p.y}`)
    }
    expect([...seen].sort()).toEqual(['2,8', '7,3'])
  })

  it('centres the box on the anchor when it fits', () => {
    expect(boxAround({ x: 30, y: 30 }, 11, 6, 64, 64)).toEqual({ x: 25, y: 27, width: 11, height: 6 })
    expect(boxAround({ x: 1, y: 63 }, 11, 6, 64, 64)).toEqual({ x: 0, y: 58, width: 11, height: 6 })
  })
})
