import { mkdtemp, readFile, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import type { DatasetValue } from '../../datasets/dataset-value'
import type { MetricsValue, ReportValue, ThresholdValue } from '../../eval/eval-values'
import { datasetSyntheticNode } from '../dataset/dataset-synthetic'
import { decideThresholdNode } from '../decide/decide-threshold'
import { evalMetricsNode } from './eval-metrics'
import { reportHtmlNode } from '../report/report-html'
import { testContext } from '../../../test/node-test-context'
import { scoresFromMasks } from '../../../test/scores-from-masks'

const syntheticParams = { kind: 'part', seed: 2, trainCount: 2, testGood: 4, testDefectPerType: 2, imageSize: 64, defectTypes: ['scratch', 'hole', 'stain', 'missing'] }

async function makeDataset(dir: string): Promise<DatasetValue> {
  const out = await datasetSyntheticNode.run(testContext(dir), {}, { ...syntheticParams, outputDir: join(dir, 'data') })
  return out.dataset as DatasetValue
}

describe('evaluation nodes', () => {
  it('run from a synthetic dataset to a report, with the threshold in every output', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eval-nodes-'))
    const dataset = await makeDataset(dir)
    expect(dataset.test).toHaveLength(12)
    const scores = await scoresFromMasks(dataset, 1)
    const ctx = testContext(dir)
    const { threshold } = (await decideThresholdNode.run(ctx, { scores }, { method: 'best-f1', targetFpr: 0.01, value: 0 })) as { threshold: ThresholdValue }
    expect(threshold.method).toBe('best-f1')
    const { metrics } = (await evalMetricsNode.run(ctx, { scores, threshold }, { aproMaxFpr: 0.3, pixelMetrics: true })) as { metrics: MetricsValue }
    expect(metrics.overall.imageAuroc).toBe(1)
    expect(metrics.overall.pixelAuroc).toBe(1)
    expect(metrics.overall.aupro).toBeCloseTo(1, 6)
    expect(Object.keys(metrics.perDefectType)).toEqual(['hole', 'missing', 'scratch', 'stain'])
    expect(metrics.threshold).toEqual(threshold)
    const { report } = (await reportHtmlNode.run(ctx, { scores, metrics, threshold, dataset }, { title: 'Unit <report>', worstCount: 3, thumbnailSize: 48 })) as { report: ReportValue }
    expect(report.files).toContain('report.html')
    expect(report.files.filter((f) => f.startsWith('overlays/'))).toHaveLength(12)
    expect(report.summary).toMatch(/best-f1/)
    const html = await readFile(join(dir, 'artifacts', 'report.html'), 'utf8')
    expect(html).toContain('Unit &lt;report&gt;')
    expect(html).toContain('best-f1')
    expect(html).toContain(dataset.fingerprint)
    expect(html.match(/class="metric-row"/g)).toHaveLength(5)
    expect(html).not.toContain('NaN')
    expect((await stat(join(dir, 'artifacts', 'overlays', 'test_hole_000.png'))).size).toBeGreaterThan(100)
    const perImage = JSON.parse(await readFile(join(dir, 'artifacts', 'scores.json'), 'utf8')) as { threshold: ThresholdValue; images: { name: string; score: number; label: number }[] }
    expect(perImage.threshold).toEqual(threshold)
    expect(perImage.images.map((im) => im.score)).toEqual(scores.imageScores)
    expect(perImage.images.map((im) => im.label)).toEqual(scores.images.map((im) => im.label))
  })
  it('choose a normal-fpr threshold from normal images alone and report it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eval-nodes-'))
    const dataset = await makeDataset(dir)
    const scores = await scoresFromMasks(dataset, 0.3)
    const ctx = testContext(dir)
    const { threshold } = (await decideThresholdNode.run(ctx, { scores }, { method: 'normal-fpr', targetFpr: 0.25, value: 0 })) as { threshold: ThresholdValue }
    const normals = scores.imageScores.filter((_, i) => scores.images[i]!.label === 0)
    expect(normals.filter((s) => s >= threshold.value).length).toBeLessThanOrEqual(1)
    const { metrics } = (await evalMetricsNode.run(ctx, { scores, threshold }, { aproMaxFpr: 0.3, pixelMetrics: false })) as { metrics: MetricsValue }
    expect(metrics.threshold.method).toBe('normal-fpr')
    expect(metrics.overall.pixelAuroc).toBeNull()
    expect(metrics.notes.join()).toMatch(/no pixel maps/)
    await reportHtmlNode.run(ctx, { scores, metrics, threshold: undefined }, { title: 'r', worstCount: 2, thumbnailSize: 32 })
    expect(await readFile(join(dir, 'artifacts', 'report.html'), 'utf8')).toContain('normal-fpr')
  })
  it('refuse pixel maps of the wrong shape, naming the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eval-nodes-'))
    const scores = await scoresFromMasks(await makeDataset(dir))
    const bad = { ...scores, pixelMaps: { ...scores.pixelMaps, shape: [12, 64, 32] } }
    await expect(evalMetricsNode.run(testContext(dir), { scores: bad }, { aproMaxFpr: 0.3, pixelMetrics: true })).rejects.toThrow(/scores.pixelMaps: expected shape \[12, S, S\]/)
  })
})
