import type { CompareRun } from '@inspectflow/graph-schema'

/** Distinguishable line colours (Okabe-Ito, then Tableau), cycled with dashes past ten runs. */
export const RUN_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#8c564b', '#7f7f7f', '#bcbd22']
const DASHES = ['', '6 3', '2 3']

const SIZE = 320
const PAD = 44
const TOP = 10

/** The colour and dash pattern of the run at `index`, the same in the table's swatch and the chart. */
export function runStroke(index: number): { colour: string; dash: string } {
  return { colour: RUN_COLOURS[index % RUN_COLOURS.length] as string, dash: DASHES[Math.floor(index / RUN_COLOURS.length) % DASHES.length] as string }
}

/** Every run's image ROC curve on one pair of axes, as an inline SVG string (no script, no external file). */
export function rocOverlaySvg(runs: readonly CompareRun[]): string {
  const inner = SIZE - PAD - TOP
  const x = (fpr: number) => (PAD + fpr * inner).toFixed(1)
  const y = (tpr: number) => (TOP + (1 - tpr) * inner).toFixed(1)
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="${y(0)}" y2="${Number(y(0)) + 4}" class="tick"/><text x="${x(t)}" y="${Number(y(0)) + 16}" class="tick-label">${t}</text><line x1="${Number(x(0)) - 4}" x2="${x(0)}" y1="${y(t)}" y2="${y(t)}" class="tick"/><text x="${Number(x(0)) - 7}" y="${Number(y(t)) + 4}" class="tick-label left">${t}</text>`)
    .join('')
  const curves = runs
    .map((run, index) => {
      if (!run.roc || run.roc.fpr.length < 2) return ''
      const { colour, dash } = runStroke(index)
      const d = run.roc.fpr.map((f, i) => `${i ? 'L' : 'M'}${x(f)},${y(run.roc?.tpr[i] ?? 0)}`).join(' ')
      return `<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''} data-run="${run.id}" class="roc-curve"><title>${escapeHtml(run.label)}</title></path>`
    })
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}" role="img" aria-label="image ROC curves of every run" data-testid="roc-overlay">
<rect x="${PAD}" y="${TOP}" width="${inner}" height="${inner}" class="frame"/>
<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" class="diagonal"/>${ticks}${curves}
<text x="${PAD + inner / 2}" y="${SIZE - 6}" class="axis">false positive rate</text>
<text x="12" y="${TOP + inner / 2}" class="axis" transform="rotate(-90 12 ${TOP + inner / 2})">true positive rate</text>
</svg>`
}

/** Text safe inside HTML elements and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)
}
