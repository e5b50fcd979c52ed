import { areaUnder, type Roc } from './chart-data'
import { tickLabel } from './ticks'

const SIZE = 220
const PAD = 40
const TICKS = [0, 0.25, 0.5, 0.75, 1]

/** An ROC curve drawn as plain SVG, with its area in the caption. */
export function RocChart({ roc }: { roc: Roc | undefined }) {
  if (!roc || roc.fpr.length < 2) return <p className="muted">The ROC curve needs scores of both normal and anomalous images.</p>
  const x = (fpr: number) => PAD + fpr * (SIZE - PAD - 8)
  const y = (tpr: number) => SIZE - PAD - tpr * (SIZE - PAD - 8)
  const d = roc.fpr.map((f, i) => `${i ? 'L' : 'M'}${x(f).toFixed(1)},${y(roc.tpr[i]!).toFixed(1)}`).join(' ')
  const auc = areaUnder(roc)
  return (
    <figure className="chart" data-testid="roc-chart">
      <svg width={SIZE} height={SIZE} role="img" aria-label={`ROC curve, AUC ${auc.toFixed(3)}`}>
        <rect x={PAD} y={8} width={SIZE - PAD - 8} height={SIZE - PAD - 8} className="chart-frame" />
        <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} className="chart-diagonal" />
        {TICKS.map((t) => (
          <g key={t} data-testid="roc-tick">
            <line x1={x(t)} x2={x(t)} y1={y(0)} y2={y(0) + 4} className="chart-tick" />
            <text x={x(t)} y={y(0) + 14} className="chart-tick-label">{tickLabel(t)}</text>
            <line x1={x(0) - 4} x2={x(0)} y1={y(t)} y2={y(t)} className="chart-tick" />
            <text x={x(0) - 6} y={y(t) + 3} className="chart-tick-label chart-tick-left">{tickLabel(t)}</text>
          </g>
        ))}
        <path d={d} className="chart-line" />
        <text x={SIZE / 2} y={SIZE - 8} className="chart-axis">false positive rate</text>
        <text x={12} y={SIZE / 2} className="chart-axis" transform={`rotate(-90 12 ${SIZE / 2})`}>true positive rate</text>
      </svg>
      <figcaption>image ROC · AUC {auc.toFixed(3)}</figcaption>
    </figure>
  )
}
