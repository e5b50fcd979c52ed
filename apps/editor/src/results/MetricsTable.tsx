import type { MetricsRow } from './results-data'

const COLUMNS: [string, string][] = [
  ['imageCount', 'images'],
  ['imageAuroc', 'image AUROC'],
  ['pixelAuroc', 'pixel AUROC'],
  ['pixelAurocAnomalous', 'pixel AUROC (anom.)'],
  ['aupro', 'AUPRO'],
  ['bestF1', 'best F1'],
]

function format(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'n/a'
  return Number.isInteger(value) ? String(value) : value.toFixed(4)
}

/** The run's metrics: one row per set (overall, then each defect type), then counts at the threshold. */
export function MetricsTable({ rows, extra }: { rows: MetricsRow[]; extra: Record<string, number> }) {
  const extras = Object.entries(extra)
  if (!rows.length && !extras.length) return <p className="muted">No metrics were reported by this run.</p>
  return (
    <div data-testid="metrics-table">
      {rows.length > 0 && (
        <table className="metrics">
          <thead>
            <tr>
              <th>set</th>
              {COLUMNS.map(([key, title]) => (
                <th key={key}>{title}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.set} data-testid={`metrics-row-${row.set}`}>
                <th>{row.set}</th>
                {COLUMNS.map(([key]) => (
                  <td key={key}>{format(row.values[key])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {extras.length > 0 && (
        <p className="metric-extras">
          {extras.map(([key, value]) => (
            <span key={key} data-testid={`metric-${key}`}>
              {key} <b>{format(value)}</b>
            </span>
          ))}
        </p>
      )}
    </div>
  )
}
