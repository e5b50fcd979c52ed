import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import type { MetricsValue } from './eval-values'

/** metrics.json text: the Metrics value as indented JSON with a format version for readers. */
export function metricsToJson(metrics: MetricsValue): string {
  return `${JSON.stringify({ format: 'inspectflow-metrics', version: 1, ...metrics }, null, 2)}\n`
}

/** Writes `metrics.json` into `dir` (created if needed) and returns its path. */
export async function writeMetricsJson(metrics: MetricsValue, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true })
  const path = join(dir, 'metrics.json')
  await writeFile(path, metricsToJson(metrics))
  return path
}

/** A fixed-width text table of the overall and per-type metrics, for terminals and logs. */
export function metricsTable(metrics: MetricsValue): string {
  const fmt = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : x.toFixed(4))
  const rows: [string, MetricsValue['overall'] | MetricsValue['perDefectType'][string]][] = [
    ['overall', metrics.overall],
    ...Object.entries(metrics.perDefectType),
  ]
  const header = ['set', 'images', 'image AUROC', 'pixel AUROC', 'pixel AUROC (anom.)', `AUPRO@${metrics.aproMaxFpr}`, 'best F1']
  const lines = rows.map(([name, m]) => [name, String(m.imageCount), fmt(m.imageAuroc), fmt(m.pixelAuroc), fmt(m.pixelAurocAnomalous), fmt(m.aupro), fmt(m.bestF1?.f1)])
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => (l[c] ?? '').length)))
  const render = (cells: string[]): string => cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ')
  const c = metrics.counts
  return [
    render(header),
    ...lines.map(render),
    `threshold ${metrics.threshold.value} (${metrics.threshold.method}: ${metrics.threshold.detail}); ${metrics.decisionRule}`,
    `at threshold: TP ${c.tp}  FP ${c.fp}  TN ${c.tn}  FN ${c.fn}`,
  ].join('\n')
}
