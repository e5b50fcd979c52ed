import { describe, expect, it } from 'vitest'

import { heatmapPixels, predictedMaskPixels } from './panels'
import { bestPixelF1, pixelThresholdFor } from './pixel-threshold'

const manual = { value: 7, method: 'manual' as const, detail: 'test' }

describe('the predicted-mask threshold', () => {
  it('cuts between the defect pixels and the rest when the masks allow it', () => {
    // defect pixels at 0.8 and 0.9, background at 0.1 to 0.4
    const map = new Float32Array([0.1, 0.2, 0.8, 0.9, 0.3, 0.4])
    const mask = new Uint8Array([0, 0, 1, 1, 0, 0])
    const best = bestPixelF1([{ map, mask }], [0.1, 0.9])!
    expect(best.f1).toBe(1)
    expect(best.value).toBeGreaterThan(0.4)
    expect(best.value).toBeLessThanOrEqual(0.8)
    expect([...predictedMaskPixels(map, best.value)]).toEqual([0, 0, 255, 255, 0, 0])
  })

  it('falls back to the image threshold, and says so, without any defect pixel', () => {
    const chosen = pixelThresholdFor([{ map: new Float32Array([1, 2]), mask: null }], [1, 2], manual)
    expect(chosen.value).toBe(7)
    expect(chosen.source).toContain('image threshold (manual)')
  })

  it('colours the map from blue at the low end to red at the high end', () => {
    // the overlays' ramp (colormap.ts): dark blue at 0, dark red at 1
    expect([...heatmapPixels(new Float32Array([0, 1]), [0, 1])]).toEqual([0, 0, 128, 128, 0, 0])
  })
})
