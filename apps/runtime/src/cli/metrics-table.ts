import type { MetricSet, MetricsValue } from '@inspectflow/nodes'

/**
 * The metrics table printed after a run. A MetricsValue (eval.metrics) gets one row per image set
 * (overall, then each defect type) with the headline metrics, plus the threshold and its confusion
 * counts; any other value falls back to a `name value` list of the numbers inside it.
 */
export function metricsTable(metrics: unknown, maxRows = 60): string {
  return isMetricsValue(metrics) ? evalTable(metrics) : genericTable(metrics, maxRows)
}

function isMetricsValue(value: unknown): value is MetricsValue {
  const record = value as Partial<MetricsValue> | null
  return typeof record === 'object' && record !== null && typeof record.overall === 'object' && typeof record.perDefectType === 'object'
}

const COLUMNS: [string, (set: MetricSet) => number | null][] = [
  ['images', (set) => set.imageCount],
  ['image AUROC', (set) => set.imageAuroc],
  ['pixel AUROC', (set) => set.pixelAuroc],
  ['AUPRO', (set) => set.aupro],
  ['best F1', (set) => set.bestF1?.f1 ?? null],
]

function evalTable(metrics: MetricsValue): string {
  const sets: [string, MetricSet][] = [['overall', metrics.overall], ...Object.entries(metrics.perDefectType)]
  const nameWidth = Math.max(8, ...sets.map(([name]) => name.length))
  const header = ['set'.padEnd(nameWidth), ...COLUMNS.map(([title]) => title.padStart(11))].join('  ')
  const rows = sets.map(([name, set]) => [name.padEnd(nameWidth), ...COLUMNS.map(([, read]) => formatNumber(read(set)).padStart(11))].join('  '))
  const { threshold, counts } = metrics
  const lines = [header, '-'.repeat(header.length), ...rows]
  if (threshold) lines.push(`threshold ${formatNumber(threshold.value)} (${threshold.method}): ${threshold.detail}`)
  if (counts) lines.push(`at the threshold: TP ${counts.tp}  FP ${counts.fp}  TN ${counts.tn}  FN ${counts.fn}  F1 ${formatNumber(counts.f1)}`)
  for (const note of metrics.notes ?? []) lines.push(`note: ${note}`)
  return `${lines.join('\n')}\n`
}

function genericTable(metrics: unknown, maxRows: number): string {
  const rows: [string, string][] = []
  collectRows(metrics, '', rows)
  const shown = rows.slice(0, maxRows)
  const width = Math.max(6, ...shown.map(([name]) => name.length))
  const lines = shown.map(([name, value]) => `${name.padEnd(width)}  ${value}`)
  if (rows.length > maxRows) lines.push(`... ${rows.length - maxRows} more in metrics.json`)
  return `${'metric'.padEnd(width)}  value\n${'-'.repeat(width)}  -----\n${lines.join('\n')}\n`
}

function collectRows(value: unknown, prefix: string, rows: [string, string][]): void {
  const text = scalarText(value)
  if (text !== undefined) {
    if (prefix || value !== null) rows.push([prefix || 'value', text])
    return
  }
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !Array.isArray(value)) {
    for (const [key, member] of Object.entries(value)) collectRows(member, prefix ? `${prefix}.${key}` : key, rows)
  }
}

/** How a scalar prints in the table; undefined for objects, arrays and long strings. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'number' || value === null) return formatNumber(value)
  if (typeof value === 'boolean' || (typeof value === 'string' && value.length <= 40)) return String(value)
  return undefined
}

function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'n/a'
  if (Number.isInteger(value)) return String(value)
  return Number.isFinite(value) ? value.toFixed(4) : String(value)
}
