import { scoreHistogram } from './chart-data'
import type { ImageResult } from './results-data'

const WIDTH = 320
const HEIGHT = 220
const PAD = 28

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
        <text x={PAD + 14} y={HEIGHT - 8} className="chart-axis">{min.toPrecision(3)}</text>
        <text x={WIDTH - 26} y={HEIGHT - 8} className="chart-axis">{max.toPrecision(3)}</text>
        <text x={WIDTH / 2} y={HEIGHT - 8} className="chart-axis">image score</text>
      </svg>
      <figcaption>
        <span className="legend legend-normal">normal</span> <span className="legend legend-anomalous">anomalous</span>{' '}
        {threshold !== undefined && <span className="legend legend-threshold">threshold {threshold.toPrecision(4)}</span>}
      </figcaption>
    </figure>
  )
}
