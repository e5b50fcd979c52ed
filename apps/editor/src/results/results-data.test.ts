import { describe, expect, it } from 'vitest'

import type { RunRecord } from '../api/api-types'
import { areaUnder, rocFromImages, scoreHistogram } from './chart-data'
import { buildResults, imageFromOverlayName, readMetrics } from './results-data'

const record = (summary: RunRecord['summary']): RunRecord => ({ runId: 'r', graphName: 'g', status: 'finished', createdAt: 0, nodeStates: {}, summary })

describe('results data', () => {
  it('computes a perfect ROC for separated scores and a chance one for interleaved scores', () => {
    const separated = rocFromImages([
      { name: 'a', label: 0, score: 0.1 },
      { name: 'b', label: 0, score: 0.2 },
      { name: 'c', label: 1, score: 0.8 },
    ])!
    expect(areaUnder(separated)).toBeCloseTo(1)
    const tied = rocFromImages([
      { name: 'a', label: 0, score: 0.5 },
      { name: 'b', label: 1, score: 0.5 },
    ])!
    expect(areaUnder(tied)).toBeCloseTo(0.5)
    expect(rocFromImages([{ name: 'a', label: 0, score: 1 }])).toBeUndefined()
  })

  it('bins scores by label over the shared range', () => {
    const { bins, min, max } = scoreHistogram(
      [
        { name: 'a', label: 0, score: 0 },
        { name: 'b', label: 1, score: 1 },
        { name: 'c', label: 1, score: 0.99 },
      ],
      2,
    )
    expect([min, max]).toEqual([0, 1])
    expect(bins.map((b) => [b.normal, b.anomalous])).toEqual([[1, 0], [0, 2]])
  })

  it('reads the Metrics value into per-set rows and counts', () => {
    const metrics = {
      overall: { imageCount: 4, imageAuroc: 0.75, pixelAuroc: null, bestF1: { f1: 0.8 }, roc: { fpr: [0, 0.5, 1], tpr: [0, 1, 1] } },
      perDefectType: { crack: { imageCount: 3, imageAuroc: 1 } },
      counts: { tp: 1, fp: 0, tn: 2, fn: 1 },
    }
    const out = readMetrics(metrics)
    expect(out.rows.map((r) => [r.set, r.values.imageAuroc, r.values.bestF1])).toEqual([
      ['overall', 0.75, 0.8],
      ['crack', 1, null],
    ])
    expect(out.extra).toEqual({ tp: 1, fp: 0, tn: 2, fn: 1 })
    expect(out.roc).toEqual({ fpr: [0, 0.5, 1], tpr: [0, 1, 1] })
  })

  it('drops a ROC the run record truncated', () => {
    const out = readMetrics({ overall: { roc: { fpr: [0, 0.1, '... 90 more'], tpr: [0, 0.2, '... 90 more'] } } })
    expect(out.roc).toBeUndefined()
  })

  it('joins scored images to their overlays and takes the threshold from the summary', () => {
    const artifacts = [{ name: 'report/overlays/test_crack_000.png', size: 1, url: '/o1' }]
    const scores = { images: [{ name: 'test/crack/000.png', label: 1, defectType: 'crack', score: 0.9 }] }
    const out = buildResults(record({ threshold: { value: 0.5, method: 'best-f1', detail: 'x' } }), artifacts, scores)
    expect(out.images).toEqual([{ name: 'test/crack/000.png', label: 1, defectType: 'crack', score: 0.9, overlayUrl: '/o1' }])
    expect(out.threshold).toBe(0.5)
  })

  it('reads the four panels of each image, the map range and the predicted-mask threshold', () => {
    const artifacts = ['image.jpg', 'mask.png', 'heatmap.jpg', 'predicted.png'].map((f) => ({ name: `report/panels/a.${f}`, size: 1, url: `/${f}` }))
    const panelFiles = { image: 'panels/a.image.jpg', mask: 'panels/a.mask.png', heatmap: 'panels/a.heatmap.jpg', predicted: 'panels/a.predicted.png' }
    const scores = { mapRange: [0.1, 2], pixelThreshold: { value: 0.7, source: 'best pixel F1' }, images: [{ name: 'a.png', label: 1, score: 1, panelFiles }, { name: 'b.png', label: 0, score: 0, panelFiles: { image: 'panels/b.image.jpg' } }] }
    const out = buildResults(record({}), artifacts, scores)
    expect(out.images[0]?.panels).toEqual({ image: '/image.jpg', mask: '/mask.png', heatmap: '/heatmap.jpg', predicted: '/predicted.png' })
    expect(out.images[1]?.panels).toBeUndefined()
    expect(out.mapRange).toEqual([0.1, 2])
    expect(out.pixelThreshold).toEqual({ value: 0.7, source: 'best pixel F1' })
  })

  it("links the run's report.html when it wrote one", () => {
    const artifacts = [{ name: 'report/report.html', size: 1, url: '/r' }]
    expect(buildResults(record({}), artifacts, undefined).reportUrl).toBe('/r')
    expect(buildResults(record({}), [], undefined).reportUrl).toBeUndefined()
  })

  it('falls back to overlays labelled by their MVTec-style names', () => {
    expect(imageFromOverlayName({ name: 'r/overlays/test_good_004.png', size: 1, url: '/a' })).toMatchObject({ label: 0, defectType: 'good' })
    expect(imageFromOverlayName({ name: 'r/overlays/test_broken_large_001.png', size: 1, url: '/b' })).toMatchObject({ label: 1, defectType: 'broken_large' })
  })
})

describe('scores from an ROC curve', () => {
  it('gives back each score with its label from the steps of the curve', () => {
    const roc = { fpr: [0, 0, 0.5, 1], tpr: [0, 1, 1, 1] }
    const scores = readMetrics({
      overall: { normalCount: 2, anomalousCount: 2, roc: { ...roc, thresholds: [null, 9, 3, 1] } },
    }).rocScores
    expect(scores).toEqual([
      { score: 9, label: 1 },
      { score: 9, label: 1 },
      { score: 3, label: 0 },
      { score: 1, label: 0 },
    ])
  })
})
