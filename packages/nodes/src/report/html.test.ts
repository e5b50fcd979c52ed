import { describe, expect, it } from 'vitest'

import { computeMetrics } from '../eval/compute-metrics'
import { histogram, histogramSvg, rocSvg } from './charts'
import { renderReportHtml, type ReportModel } from './html'
import type { PanelScale } from './panels-html'
import { readRunInfo } from './run-info'
import { overlayName } from './write-report'
import { type ReportImage, worstCases } from './worst-cases'

const scale: PanelScale = { range: [0, 1], pixelThreshold: { value: 0.5, source: 'a test cut' }, side: 32 }
const panels = { image: 'data:image/jpeg;base64,AA==', mask: null, heatmap: 'data:image/jpeg;base64,AA==', predicted: 'data:image/png;base64,AA==' }

const images: ReportImage[] = [
  { name: 'test/good/000.png', label: 0, defectType: 'good', score: 0.9, overlay: 'overlays/a.png' },
  { name: 'test/good/001.png', label: 0, defectType: 'good', score: 0.6, overlay: 'overlays/b.png' },
  { name: 'test/good/002.png', label: 0, defectType: 'good', score: 0.1, overlay: 'overlays/c.png' },
  { name: 'test/cut/000.png', label: 1, defectType: 'cut', score: 0.2, overlay: 'overlays/d.png' },
  { name: 'test/cut/001.png', label: 1, defectType: 'cut', score: 0.95, overlay: 'overlays/e.png' },
]

describe('report pieces', () => {
  it('lists false positives from the highest score and false negatives from the lowest', () => {
    const worst = worstCases(images, 0.5, 5)
    expect(worst.falsePositives.map((i) => i.score)).toEqual([0.9, 0.6])
    expect(worst.falseNegatives.map((i) => i.score)).toEqual([0.2])
    expect(worstCases(images, 0.5, 1).falsePositives).toHaveLength(1)
  })
  it('bins normal and anomalous scores separately, the maximum in the last bin', () => {
    const h = histogram([0, 0.5, 1, 1], [0, 0, 1, 0], 2, 0, 1)
    expect(h).toEqual({ normal: [1, 2], anomalous: [0, 1] })
  })
  it('draws the threshold line and the ROC polyline, or says why there is no curve', () => {
    expect(histogramSvg([1, 2, 3], [0, 1, 1], 2)).toContain('class="threshold"')
    expect(histogramSvg([1, 1], [0, 1], 1)).not.toContain('NaN')
    expect(rocSvg({ fpr: [0, 0, 1], tpr: [0, 1, 1], thresholds: [null, 2, 1] }, 1)).toContain('<polyline')
    expect(rocSvg(null, null)).toContain('single class')
  })
  it('flattens image names into overlay file names', () => {
    expect(overlayName('test/broken large/000.png')).toBe('overlays/test_broken_large_000.png')
  })
  it('keeps only well-typed run info', () => {
    expect(readRunInfo({ graphName: 'g', graphHash: 3, nodeVersions: { a: 'x@1' } })).toEqual({ graphName: 'g', nodeVersions: { a: 'x@1' } })
    expect(readRunInfo(undefined)).toEqual({})
  })
  it('renders escaped text, n/a for undefined metrics and unknown provenance honestly', () => {
    const metrics = computeMetrics({ imageScores: images.map((i) => i.score), labels: images.map((i) => i.label), defectTypes: images.map((i) => i.defectType), pixels: null })
    const model: ReportModel = {
      title: 'A <b>title</b>',
      generatedAt: '2026-01-01T00:00:00Z',
      runInfo: { graphName: 'demo & co' },
      scoringMethod: 'LDKNN',
      testSetFingerprint: 'abc',
      metrics,
      threshold: metrics.threshold,
      images,
      falsePositives: [],
      falseNegatives: [],
      inspected: [],
      scale,
    }
    const html = renderReportHtml(model)
    expect(html).toContain('<title>A &lt;b&gt;title&lt;/b&gt;</title>')
    expect(html).toContain('demo &amp; co')
    expect(html).toContain('unknown (not passed to the report node)')
    expect(html).toContain('<td>n/a</td>')
    expect(html).toContain('No false positive at this threshold.')
    expect(html).not.toMatch(/NaN|undefined/)
    expect(html).not.toMatch(/(src|href)="https?:/)
  })
  it('shows each new image to inspect with its decision, apart from the labelled ones', () => {
    const labelled = images.filter((i) => i.score < 100)
    const metrics = computeMetrics({ imageScores: labelled.map((i) => i.score), labels: labelled.map((i) => i.label), defectTypes: labelled.map((i) => i.defectType), pixels: null })
    const fresh = (name: string, score: number) => ({ name, label: 0 as const, defectType: 'unlabelled', score, overlay: `overlays/${name}`, inspect: true as const, panels })
    const inspected = [fresh('new/a.png', metrics.threshold.value + 1), fresh('new/b.png', metrics.threshold.value - 1)]
    const html = renderReportHtml({
      title: 't', generatedAt: 'now', runInfo: {}, scoringMethod: 'm', testSetFingerprint: 'f', metrics, threshold: metrics.threshold,
      images: [...labelled, ...inspected], falsePositives: [], falseNegatives: [], inspected, scale,
    })
    expect(html).toContain('1 of 2 new image(s) anomalous')
    expect(html).toMatch(/new\/a\.png<\/strong>[^<]*<span class="anomalous">ANOMALOUS/)
    expect(html).toMatch(/new\/b\.png<\/strong>[^<]*<span class="normal">normal/)
    // four panels per new image, the missing ground truth said in words
    expect(html.match(/<figure class="panel">/g)).toHaveLength(8)
    expect(html).toContain('no mask')
    // the labelled table does not list the new images
    expect(html.slice(html.indexOf('<table id="images">'))).not.toContain('new/a.png')
  })
})
