import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { computeMetrics } from './compute-metrics'
import { metricsTable, writeMetricsJson } from './metrics-json'

describe('metrics.json', () => {
  it('round-trips the metrics with nulls (never NaN) and prints a table', async () => {
    const metrics = computeMetrics({ imageScores: [0.1, 0.8, 0.4], labels: [0, 1, 1], defectTypes: ['good', 'cut', 'dent'], pixels: null })
    const dir = await mkdtemp(join(tmpdir(), 'metrics-json-'))
    const parsed = JSON.parse(await readFile(await writeMetricsJson(metrics, dir), 'utf8'))
    expect(parsed.format).toBe('inspectflow-metrics')
    expect(parsed.overall.imageAuroc).toBe(1)
    expect(parsed.overall.pixelAuroc).toBeNull()
    expect(parsed.threshold.method).toBe('best-f1')
    const table = metricsTable(metrics)
    expect(table.split('\n')[1]).toMatch(/^overall\s+3\s+1\.0000\s+n\/a/)
    expect(table).toContain('threshold 0.4 (best-f1')
  })
})
