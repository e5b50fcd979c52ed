import { scoreHistogram } from './chart-data'
import type { ImageResult } from './results-data'
import { niceTicks, tickLabel } from './ticks'

const WIDTH = 320
const HEIGHT = 236
const PAD = 40

/** Histogram of image scores, normal and anomalous stacked, with the decision threshold as a line. */
export function ScoreHistogram({ images, threshold }: { images: ImageResult[]; threshold?: number }) {
  if (!images.some((i) => typeof i.score === 'number')) return <p className="muted">This run reported no per-image scores.</p>
  const { min, max, bins } = scoreHistogram(images)
  const peak = Math.max(1, ...bins.map((b) => b.normal + b.anomalous))
  const plotW = WIDTH - PAD - 8
  const plotH = HEIGHT - PAD - 8
  const barW = plotW / bins.length
  const x = (score: number) => PAD + ((score - min) / (max - min)) * plotW
  const h = (count: number) => (count / peak) * plotH
  return (
    <figure className="chart" data-testid="score-histogram">
      <svg width={WIDTH} height={HEIGHT} role="img" aria-label="score histogram">
        <rect x={PAD} y={8} width={plotW} height={plotH} className="chart-frame" />
        {bins.map((b, i) => (
          <g key={i}>
            <rect x={PAD + i * barW + 1} y={8 + plotH - h(b.normal)} width={Math.max(0, barW - 2)} height={h(b.normal)} className="bar-normal" />
            <rect x={PAD + i * barW + 1} y={8 + plotH - h(b.normal) - h(b.anomalous)} width={Math.max(0, barW - 2)} height={h(b.anomalous)} className="bar-anomalous" />
          </g>
        ))}
        {threshold !== undefined && threshold >= min && threshold <= max && (
          <line x1={x(threshold)} x2={x(threshold)} y1={8} y2={8 + plotH} className="chart-threshold" data-testid="histogram-threshold" />
        )}
        {(max > min ? niceTicks(min, max) : []).map((t) => (
          <g key={`x${t}`} data-testid="histogram-tick">
            <line x1={x(t)} x2={x(t)} y1={8 + plotH} y2={12 + plotH} className="chart-tick" />
            <text x={x(t)} y={22 + plotH} className="chart-tick-label">{tickLabel(t)}</text>
          </g>
        ))}
        {niceTicks(0, peak, 3).filter(Number.isInteger).map((c) => (
          <g key={`y${c}`}>
            <line x1={PAD - 4} x2={PAD} y1={8 + plotH - h(c)} y2={8 + plotH - h(c)} className="chart-tick" />
            <text x={PAD - 6} y={11 + plotH - h(c)} className="chart-tick-label chart-tick-left">{c}</text>
          </g>
        ))}
        <text x={PAD + plotW / 2} y={HEIGHT - 2} className="chart-axis">image score</text>
        <text x={10} y={8 + plotH / 2} className="chart-axis" transform={`rotate(-90 10 ${8 + plotH / 2})`}>images</text>
      </svg>
      <figcaption>
        <span className="legend legend-normal">normal</span> <span className="legend legend-anomalous">anomalous</span>{' '}
        {threshold !== undefined && <span className="legend legend-threshold">threshold {threshold.toPrecision(4)}</span>}
      </figcaption>
    </figure>
  )
}
