import { describe, expect, it } from 'vitest'

import { fitTransform, MIN_READABLE_ZOOM, transformAtZoom, unionBox, zoomAround } from './viewport-math'

const view = { width: 800, height: 500 }

describe('viewport math', () => {
  it('fits a small graph whole, centred, at most 1:1', () => {
    const t = fitTransform({ left: 0, top: 0, right: 400, bottom: 200 }, view)
    expect(t.k).toBe(1)
    expect(t).toMatchObject({ x: 200, y: 150 })
  })

  it('stops at the readable zoom for a wide graph and shows its left end', () => {
    const t = fitTransform({ left: 100, top: 0, right: 3000, bottom: 300 }, view)
    expect(t.k).toBe(MIN_READABLE_ZOOM)
    expect(t.x + 100 * t.k).toBe(40)
    // Its height fits, so it stays centred vertically.
    expect(t.y + 150 * t.k).toBeCloseTo(250)
  })

  it('honours a zoom the file asks for, even below the readable one', () => {
    expect(transformAtZoom({ left: 0, top: 0, right: 100, bottom: 100 }, view, 0.6).k).toBe(0.6)
  })

  it('keeps the point under the cursor in place when zooming', () => {
    const t = zoomAround({ x: 10, y: 20, k: 1 }, 2, 110, 220)
    expect([(110 - t.x) / t.k, (220 - t.y) / t.k]).toEqual([100, 200])
    expect(zoomAround({ x: 0, y: 0, k: 1 }, 100, 0, 0).k).toBe(2.5)
  })

  it('bounds boxes', () => {
    expect(unionBox([])).toBeUndefined()
    expect(unionBox([{ left: 0, top: 5, right: 10, bottom: 6 }, { left: -3, top: 7, right: 4, bottom: 9 }])).toEqual({ left: -3, top: 5, right: 10, bottom: 9 })
  })
})
