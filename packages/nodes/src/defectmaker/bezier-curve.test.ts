import { describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { bezierMask, normaliseCurve, randomStarPolygon, smoothClosedCurve } from './bezier-curve'
import { erode } from './blend'
import { fillPolygon } from './fill-polygon'
import { maskArea, maskBoundingBox } from './mask'

describe('bezier mask (REB-METHOD 3.2)', () => {
  it('has a bounding box of exactly W x H and is filled', () => {
    const rng = createRandom('bezier-box')
    for (let trial = 0; trial < 200; trial++) {
      const width = rng.int(2, 120)
      const height = rng.int(2, 120)
      const mask = bezierMask({ width, height, vertices: rng.int(5, 9), k: rng.pick([0.2, 0.3, 0.4]) }, rng)
      expect(mask.width).toBe(width)
      expect(mask.height).toBe(height)
      expect(maskBoundingBox(mask)).toEqual({ x: 0, y: 0, width, height })
      // filled, not just an outline: an outline would vanish under a 3x3 erosion
      if (width >= 40 && height >= 40) expect(maskArea(erode(mask, 3))).toBeGreaterThan(0)
    }
  })

  it('sorts the random vertices by angle around their centroid', () => {
    const points = randomStarPolygon(8, createRandom('star'))
    const cx = points.reduce((s, p) => s + p.x, 0) / 8
    const cy = points.reduce((s, p) => s + p.y, 0) / 8
    const angles = points.map((p) => Math.atan2(p.y - cy, p.x - cx))
    expect([...angles].sort((a, b) => a - b)).toEqual(angles)
    for (const p of points) expect(p.x >= 0 && p.x < 100 && p.y >= 0 && p.y < 100).toBe(true)
  })

  it('gives the polygon back with k = 1 (control points on the vertices)', () => {
    const square = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }, { x: 0, y: 10 }]
    const curve = smoothClosedCurve(square, 1, createRandom('k1'))
    // every sample lies on the square's outline
    for (const p of curve) {
      const onEdge = Math.abs(p.x) < 1e-9 || Math.abs(p.x - 10) < 1e-9 || Math.abs(p.y) < 1e-9 || Math.abs(p.y - 10) < 1e-9
      expect(onEdge).toBe(true)
    }
    expect(curve.at(-1)).toEqual(square[0])
  })

  it('normalises the curve to touch all four sides', () => {
    const curve = normaliseCurve([{ x: 3, y: 5 }, { x: 13, y: 7 }, { x: 8, y: 25 }], 50, 30)
    expect(Math.min(...curve.map((p) => p.x))).toBe(0)
    expect(Math.max(...curve.map((p) => p.x))).toBe(49)
    expect(Math.min(...curve.map((p) => p.y))).toBe(0)
    expect(Math.max(...curve.map((p) => p.y))).toBe(29)
  })

  it('fills a polygon including its boundary, like drawContours with thickness -1', () => {
    const mask = fillPolygon([{ x: 0, y: 0 }, { x: 4, y: 0 }, { x: 4, y: 3 }, { x: 0, y: 3 }], 5, 4)
    expect(maskArea(mask)).toBe(20)
  })

  it('is deterministic for a seed', () => {
    const a = bezierMask({ width: 40, height: 30, vertices: 6, k: 0.3 }, createRandom(7))
    const b = bezierMask({ width: 40, height: 30, vertices: 6, k: 0.3 }, createRandom(7))
    const c = bezierMask({ width: 40, height: 30, vertices: 6, k: 0.3 }, createRandom(8))
    expect(a.data).toEqual(b.data)
    expect(a.data).not.toEqual(c.data)
  })
})
