import type { MetricSet, MetricsValue } from '@inspectflow/nodes'
import { describe, expect, it } from 'vitest'

import { metricsTable } from './metrics-table'

function metricSet(imageAuroc: number | null, imageCount: number): MetricSet {
  const counts = { tp: 3, fp: 1, tn: 5, fn: 0, precision: 0.75, recall: 1, f1: 0.857142 }
  return {
    imageCount,
    normalCount: 6,
    anomalousCount: imageCount - 6,
    imageAuroc,
    pixelAuroc: 0.97,
    pixelAurocAnomalous: 0.95,
    aupro: null,
    bestF1: { f1: 0.9, threshold: 0.5, precision: 0.9, recall: 0.9 },
    counts,
  }
}

describe('metricsTable', () => {
  it('prints one row per image set for eval metrics, with the threshold and counts', () => {
    const overall = metricSet(0.98765, 9)
    const metrics = {
      overall: { ...overall, roc: null },
      perDefectType: { crack: metricSet(1, 8) },
      threshold: { value: 0.5, method: 'best-f1', detail: 'best F1 0.90 on 9 images' },
      counts: overall.counts,
      decisionRule: 'anomalous when score >= threshold',
      aproMaxFpr: 0.3,
      notes: ['AUPRO needs masks'],
    } as MetricsValue
    const lines = metricsTable(metrics).split('\n')
    expect(lines[0]).toMatch(/^set\s+images\s+image AUROC\s+pixel AUROC\s+AUPRO\s+best F1$/)
    expect(lines[2]).toMatch(/^overall\s+9\s+0\.9877\s+0\.9700\s+n\/a\s+0\.9000$/)
    expect(lines[3]).toMatch(/^crack\s+8\s+1\s+/)
    expect(lines).toContain('threshold 0.5000 (best-f1): best F1 0.90 on 9 images')
    expect(lines).toContain('at the threshold: TP 3  FP 1  TN 5  FN 0  F1 0.8571')
    expect(lines).toContain('note: AUPRO needs masks')
  })

  it('lists the numbers of any other value by dotted name', () => {
    const text = metricsTable({ a: 1, nested: { b: 0.123456, c: null }, list: [1, 2] })
    expect(text).toMatch(/^a\s+1$/m)
    expect(text).toMatch(/^nested\.b\s+0\.1235$/m)
    expect(text).toMatch(/^nested\.c\s+n\/a$/m)
    expect(text).not.toContain('list')
  })
})
