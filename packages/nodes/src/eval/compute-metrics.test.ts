import { describe, expect, it } from 'vitest'

import { computeMetrics, type MetricsInput } from './compute-metrics'

/** Five 2x2 images: two good, two scratches, one hole; maps rank the defect pixels highest. */
function input(): MetricsInput {
  const maps = Float32Array.from([
    [0.1, 0.2, 0.1, 0.0],
    [0.3, 0.1, 0.2, 0.1],
    [0.9, 0.2, 0.1, 0.1],
    [0.2, 0.8, 0.1, 0.0],
    [0.1, 0.1, 0.7, 0.2],
  ].flat())
  return {
    imageScores: [0.1, 0.6, 0.9, 0.5, 0.7],
    labels: [0, 0, 1, 1, 1],
    defectTypes: ['good', 'good', 'scratch', 'scratch', 'hole'],
    pixels: {
      size: 2,
      maps,
      masks: [null, new Uint8Array(4), Uint8Array.from([1, 0, 0, 0]), Uint8Array.from([0, 1, 0, 0]), Uint8Array.from([0, 0, 1, 0])],
    },
  }
}

describe('computeMetrics', () => {
  it('computes overall and per-type metrics by their definitions', () => {
    const m = computeMetrics(input())
    // Image AUROC overall: anomalies 0.9 0.5 0.7 vs normals 0.1 0.6: 2 + 1 + 2 = 5 of 6 pairs.
    expect(m.overall.imageAuroc).toBeCloseTo(5 / 6, 12)
    expect(m.perDefectType.scratch?.imageAuroc).toBeCloseTo(3 / 4, 12)
    expect(m.perDefectType.hole?.imageAuroc).toBe(1)
    expect(m.perDefectType.hole?.imageCount).toBe(3)
    // Every defect pixel (0.9, 0.8, 0.7) beats every normal pixel (max 0.3).
    expect(m.overall.pixelAuroc).toBe(1)
    expect(m.overall.pixelAurocAnomalous).toBe(1)
    expect(m.overall.aupro).toBeCloseTo(1, 6)
    // Best F1: at 0.7 -> tp 2, fp 0, fn 1: 0.8; at 0.5 -> tp 3, fp 1: 6/7.
    expect(m.overall.bestF1?.threshold).toBe(0.5)
    expect(m.threshold).toMatchObject({ method: 'best-f1', value: 0.5 })
    expect(m.counts).toMatchObject({ tp: 3, fp: 1, tn: 1, fn: 0 })
    expect(m.overall.roc?.fpr.at(-1)).toBe(1)
    expect(m.notes).toEqual([])
  })
  it('uses the given threshold for the counts', () => {
    const m = computeMetrics({ ...input(), threshold: { value: 0.8, method: 'manual', detail: 'manual threshold 0.8' } })
    expect(m.counts).toMatchObject({ tp: 1, fp: 0, tn: 2, fn: 2 })
    expect(m.perDefectType.hole?.counts).toMatchObject({ tp: 0, fn: 1, tn: 2 })
  })
  it('answers a single class with nulls and notes, never NaN', () => {
    const only = input()
    const m = computeMetrics({ ...only, imageScores: [0.1, 0.6], labels: [0, 0], defectTypes: ['good', 'good'], pixels: { size: 2, maps: only.pixels!.maps.slice(0, 8), masks: [null, null] } })
    expect(m.overall.imageAuroc).toBeNull()
    expect(m.overall.pixelAuroc).toBeNull()
    expect(m.overall.aupro).toBeNull()
    expect(m.overall.bestF1).toBeNull()
    expect(m.threshold.method).toBe('normal-fpr')
    // one note for a good-only test set instead of one per undefined metric
    expect(m.notes.filter((n) => n.startsWith('overall: no defective images in the test set'))).toHaveLength(1)
    expect(m.notes.join('\n')).not.toMatch(/image AUROC undefined|AUPRO undefined/)
    expect(m.notes.join('\n')).toMatch(/1 % false-positive rate on the normal images/)
    expect(JSON.stringify(m)).not.toContain('NaN')
  })
  it('answers empty masks and all-equal scores clearly', () => {
    const base = input()
    const m = computeMetrics({ ...base, imageScores: [1, 1, 1, 1, 1], pixels: { size: 2, maps: new Float32Array(20).fill(0.5), masks: base.pixels!.masks.map(() => new Uint8Array(4)) } })
    expect(m.overall.imageAuroc).toBe(0.5)
    expect(m.overall.pixelAuroc).toBeNull()
    expect(m.overall.pixelAurocAnomalous).toBeNull()
    expect(m.notes.join('\n')).toMatch(/no ground-truth anomalous pixel/)
    expect(m.counts).toMatchObject({ tp: 3, fp: 2 })
  })
  it('leaves anomalous images without masks out of pixel metrics and says so', () => {
    const base = input()
    const masks = [...base.pixels!.masks]
    masks[2] = null
    const m = computeMetrics({ ...base, pixels: { ...base.pixels!, masks } })
    expect(m.overall.pixelAuroc).toBe(1)
    expect(m.notes.join('\n')).toMatch(/1 anomalous image\(s\) without a ground-truth mask/)
  })
  it('rejects NaN scores and mismatched shapes with the field named', () => {
    expect(() => computeMetrics({ ...input(), imageScores: [0.1, Number.NaN, 0.9, 0.5, 0.7] })).toThrow(/scores.imageScores\[1\]/)
    const base = input()
    expect(() => computeMetrics({ ...base, pixels: { ...base.pixels!, maps: new Float32Array(3) } })).toThrow(/pixelMaps/)
  })
})
