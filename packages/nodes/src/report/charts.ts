import type { RocPoints } from '../eval/eval-values'
import { escapeHtml } from './escape'

const WIDTH = 360
const HEIGHT = 260
const PAD = 36

const px = (x: number): string => (PAD + x * (WIDTH - 2 * PAD)).toFixed(1)
const py = (y: number): string => (HEIGHT - PAD - y * (HEIGHT - 2 * PAD)).toFixed(1)

function axes(xLabel: string, yLabel: string): string {
  return [
    `<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(0)}" stroke="#333"/>`,
    `<line x1="${px(0)}" y1="${py(0)}" x2="${px(0)}" y2="${py(1)}" stroke="#333"/>`,
    `<text x="${px(0.5)}" y="${HEIGHT - 6}" text-anchor="middle" font-size="12">${escapeHtml(xLabel)}</text>`,
    `<text x="12" y="${py(0.5)}" text-anchor="middle" font-size="12" transform="rotate(-90 12 ${py(0.5)})">${escapeHtml(yLabel)}</text>`,
  ].join('')
}

/** The image ROC curve as an inline SVG, or a short message when it is undefined. */
export function rocSvg(roc: RocPoints | null, auroc: number | null): string {
  if (!roc) return '<p class="note">ROC curve undefined: the test set has a single class.</p>'
  const points = roc.fpr.map((f, i) => `${px(f)},${py(roc.tpr[i] as number)}`).join(' ')
  const label = auroc === null ? '' : `AUROC ${auroc.toFixed(4)}`
  return (
    `<svg class="chart roc" role="img" aria-label="ROC curve" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">` +
    axes('false-positive rate', 'true-positive rate') +
    `<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(1)}" stroke="#bbb" stroke-dasharray="4 3"/>` +
    `<polyline fill="none" stroke="#d62728" stroke-width="2" points="${points}"/>` +
    `<text x="${px(0.95)}" y="${py(0.08)}" text-anchor="end" font-size="12">${label}</text></svg>`
  )
}

/** Counts of normal and anomalous scores in `bins` equal bins over [lo, hi]. */
export function histogram(scores: readonly number[], labels: readonly number[], bins: number, lo: number, hi: number): { normal: number[]; anomalous: number[] } {
  const normal = new Array<number>(bins).fill(0)
  const anomalous = new Array<number>(bins).fill(0)
  const width = hi > lo ? (hi - lo) / bins : 1
  scores.forEach((s, i) => {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor((s - lo) / width)))
    if ((labels[i] ?? 0) > 0) anomalous[bin] = (anomalous[bin] as number) + 1
    else normal[bin] = (normal[bin] as number) + 1
  })
  return { normal, anomalous }
}

/** Histogram of normal vs anomalous image scores with the threshold as a vertical line. */
export function histogramSvg(scores: readonly number[], labels: readonly number[], threshold: number, bins = 24): string {
  const all = [...scores, threshold]
  let lo = Math.min(...all)
  let hi = Math.max(...all)
  if (hi === lo) [lo, hi] = [lo - 0.5, hi + 0.5]
  const { normal, anomalous } = histogram(scores, labels, bins, lo, hi)
  const top = Math.max(1, ...normal, ...anomalous)
  const barWidth = 1 / bins / 2
  const bars = normal
    .map((n, b) => {
      const a = anomalous[b] as number
      const x = b / bins
      return (
        `<rect class="bar normal" x="${px(x)}" y="${py(n / top)}" width="${((WIDTH - 2 * PAD) * barWidth).toFixed(1)}" height="${(((HEIGHT - 2 * PAD) * n) / top).toFixed(1)}" fill="#1f77b4"/>` +
        `<rect class="bar anomalous" x="${px(x + barWidth)}" y="${py(a / top)}" width="${((WIDTH - 2 * PAD) * barWidth).toFixed(1)}" height="${(((HEIGHT - 2 * PAD) * a) / top).toFixed(1)}" fill="#ff7f0e"/>`
      )
    })
    .join('')
  const t = (threshold - lo) / (hi - lo)
  return (
    `<svg class="chart histogram" role="img" aria-label="Score histogram" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">` +
    axes(`image score (${lo.toPrecision(3)} to ${hi.toPrecision(3)})`, 'images') +
    bars +
    `<line class="threshold" x1="${px(t)}" y1="${py(0)}" x2="${px(t)}" y2="${py(1)}" stroke="#2ca02c" stroke-width="2" stroke-dasharray="5 3"/>` +
    `<text x="${px(t)}" y="${PAD - 8}" text-anchor="middle" font-size="11">threshold ${threshold.toPrecision(4)}</text>` +
    `<text x="${px(1)}" y="${PAD}" text-anchor="end" font-size="11" fill="#1f77b4">normal</text>` +
    `<text x="${px(1)}" y="${PAD + 14}" text-anchor="end" font-size="11" fill="#ff7f0e">anomalous</text></svg>`
  )
}
