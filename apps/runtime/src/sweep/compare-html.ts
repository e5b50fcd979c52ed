import type { CompareColumn, CompareReport, CompareRun } from '@inspectflow/graph-schema'
import { escapeHtml, rocOverlaySvg, runStroke } from './roc-overlay-svg'

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px 32px;color:#1d232a;background:#f7f8fa}
h1{font-size:20px;margin:0 0 4px}p.meta{color:#5b6570;margin:0 0 18px}
.layout{display:flex;gap:28px;align-items:flex-start;flex-wrap:wrap}
table{border-collapse:collapse;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.08)}
th,td{padding:6px 10px;border-bottom:1px solid #e3e6ea;text-align:right;white-space:nowrap}
th{background:#eef1f4;font-weight:600;font-size:12px;text-transform:none}
td.label,th.label,td.param,th.param{text-align:left}
td.best{background:#e3f4e8;font-weight:700}td.best::after{content:" \\2605";color:#1a7f37}
tr.failed td{color:#9a2b2b}td.na{color:#98a1ab}
.swatch{display:inline-block;width:18px;height:0;border-top:3px solid;vertical-align:middle;margin-right:6px}
.cached{color:#5b6570;font-size:11px;margin-left:4px}
figure{margin:0;background:#fff;padding:10px;box-shadow:0 1px 2px rgba(0,0,0,.08)}figcaption{color:#5b6570;font-size:12px;text-align:center}
svg .frame{fill:#fff;stroke:#c4cad1}svg .diagonal{stroke:#c4cad1;stroke-dasharray:4 4}svg .tick{stroke:#8a939c}
svg .tick-label{font-size:10px;fill:#5b6570;text-anchor:middle}svg .tick-label.left{text-anchor:end}
svg .axis{font-size:11px;fill:#3d4650;text-anchor:middle}
.legend{font-size:12px;color:#3d4650}
`

/** A metric to 4 decimals, a time in seconds; n/a where the run did not measure it. */
function cellText(run: CompareRun, column: CompareColumn): string {
  const value = run[column.key]
  if (value === null || value === undefined) return 'n/a'
  if (column.key === 'fitMs' || column.key === 'scoreMs') return `${(value / 1000).toFixed(2)} s`
  return value.toFixed(4)
}

function paramText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function row(run: CompareRun, index: number, report: CompareReport, paramNames: string[]): string {
  const { colour, dash } = runStroke(index)
  const swatch = `<span class="swatch" style="border-top-color:${colour};border-top-style:${dash ? 'dashed' : 'solid'}"></span>`
  const params = paramNames.map((name) => `<td class="param" data-param="${escapeHtml(name)}">${escapeHtml(paramText(run.params[name]))}</td>`).join('')
  const cells = report.columns
    .map((column) => {
      const best = report.best[column.key]?.includes(run.id) ?? false
      const text = cellText(run, column)
      const note = column.key === 'fitMs' && run.status === 'finished' && run.fitCached ? '<span class="cached">(bank cached)</span>' : ''
      const classes = [best ? 'best' : '', text === 'n/a' ? 'na' : ''].filter(Boolean).join(' ')
      return `<td data-column="${column.key}"${classes ? ` class="${classes}"` : ''}${best ? ' data-best="true"' : ''}>${text}${note}</td>`
    })
    .join('')
  const status = run.status === 'finished' ? '' : ` <span title="${escapeHtml(run.error ?? '')}">(${run.status}${run.error ? `: ${escapeHtml(run.error.slice(0, 80))}` : ''})</span>`
  // with param columns the label would repeat them: the row shows its number, the label is its tooltip
  const name = paramNames.length ? `#${index + 1}` : escapeHtml(run.label)
  return `<tr data-testid="compare-row" data-run="${run.id}"${run.status === 'finished' ? '' : ' class="failed"'}><td class="label" title="${escapeHtml(run.label)}">${swatch}${name}${status}</td>${params}${cells}</tr>`
}

/**
 * compare.html: one self-contained page (inline CSS and SVG, no script, no external file) with a row per
 * run, its params, the metrics and phase times, the best value of each column marked, and every run's
 * image ROC curve overlaid in the colour of its row's swatch.
 */
export function compareHtml(report: CompareReport): string {
  const paramNames = [...new Set(report.runs.flatMap((run) => Object.keys(run.params)))]
  const head = `<tr><th class="label">run</th>${paramNames.map((name) => `<th class="param">${escapeHtml(name)}</th>`).join('')}${report.columns
    .map((column) => `<th data-column="${column.key}" title="${column.better} is better">${escapeHtml(column.label)} ${column.better === 'higher' ? '&#8593;' : '&#8595;'}</th>`)
    .join('')}</tr>`
  const grid = report.grid.length ? report.grid.map((axis) => `${escapeHtml(axis.name)} in {${axis.values.map((v) => escapeHtml(paramText(v))).join(', ')}}`).join(' &times; ') : 'selected runs'
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Compare runs: ${escapeHtml(report.title)}</title><style>${STYLE}</style></head>
<body>
<h1>Compare runs: ${escapeHtml(report.title)}</h1>
<p class="meta">${report.runs.length} runs · ${grid} · ${escapeHtml(report.createdAt)} · &#9733; best per column (highest metric, lowest time; none where every run is equal); times are what each run spent; a bank from the cache is not re-fitted</p>
<div class="layout">
<table data-testid="compare-table"><thead>${head}</thead><tbody>
${report.runs.map((run, index) => row(run, index, report, paramNames)).join('\n')}
</tbody></table>
<figure>${rocOverlaySvg(report.runs)}<figcaption>image ROC, one curve per run (colour as in the table)</figcaption></figure>
</div>
</body></html>
`
}
