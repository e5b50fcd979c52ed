import { cellText, type CompareReport, differingParams, runColour } from './compare-report'

function paramText(value: unknown): string {
  return value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)
}

/** A row per run: its differing params, the metrics and phase times, the best of each column starred. */
export function CompareTable({ report }: { report: CompareReport }) {
  const params = differingParams(report.runs)
  return (
    <table className="compare-table" data-testid="compare-table">
      <thead>
        <tr>
          <th className="left">run</th>
          {params.map((name) => (
            <th key={name} className="left">{name}</th>
          ))}
          {report.columns.map((column) => (
            <th key={column.key} title={`${column.better} is better`}>
              {column.label} {column.better === 'higher' ? '↑' : '↓'}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {report.runs.map((run, index) => (
          <tr key={run.id} data-testid="compare-row" data-run-id={run.id} className={run.status === 'finished' ? '' : 'failed'}>
            <td className="left" title={run.error ?? run.label}>
              <span className="compare-swatch" style={{ borderTopColor: runColour(index) }} />
              {run.label}
              {run.status !== 'finished' && ` (${run.status})`}
            </td>
            {params.map((name) => (
              <td key={name} className="left" data-param={name}>{paramText(run.params[name])}</td>
            ))}
            {report.columns.map((column) => {
              const best = report.best[column.key]?.includes(run.id) ?? false
              return (
                <td key={column.key} data-column={column.key} data-best={best ? 'true' : undefined} className={best ? 'best' : ''}>
                  {cellText(run, column.key)}
                  {column.key === 'fitMs' && run.status === 'finished' && run.fitCached && <span className="muted small"> (bank cached)</span>}
                  {best && <span className="compare-star" aria-label="best"> ★</span>}
                </td>
              )
            })}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
