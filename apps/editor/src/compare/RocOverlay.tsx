import { type CompareRun, runColour } from './compare-report'

const SIZE = 280
const PAD = 40
const TOP = 8
const TICKS = [0, 0.25, 0.5, 0.75, 1]

/** Every compared run's image ROC curve on one pair of axes, coloured as its row's swatch. */
export function RocOverlay({ runs }: { runs: CompareRun[] }) {
  const inner = SIZE - PAD - TOP
  const x = (fpr: number) => PAD + fpr * inner
  const y = (tpr: number) => TOP + (1 - tpr) * inner
  return (
    <figure className="compare-roc">
      <svg width={SIZE} height={SIZE} role="img" aria-label="image ROC curves of the compared runs" data-testid="compare-roc">
        <rect x={PAD} y={TOP} width={inner} height={inner} className="chart-frame" />
        <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} className="chart-diagonal" />
        {TICKS.map((t) => (
          <g key={t}>
            <text x={x(t)} y={y(0) + 14} className="chart-tick-label">{t}</text>
            <text x={x(0) - 6} y={y(t) + 3} className="chart-tick-label chart-tick-left">{t}</text>
          </g>
        ))}
        {runs.map((run, index) =>
          run.roc && run.roc.fpr.length > 1 ? (
            <path
              key={run.id}
              data-testid="compare-roc-curve"
              data-run-id={run.id}
              d={run.roc.fpr.map((f, i) => `${i ? 'L' : 'M'}${x(f).toFixed(1)},${y(run.roc?.tpr[i] ?? 0).toFixed(1)}`).join(' ')}
              fill="none"
              stroke={runColour(index)}
              strokeWidth={2}
            >
              <title>{run.label}</title>
            </path>
          ) : null,
        )}
        <text x={PAD + inner / 2} y={SIZE - 4} className="chart-axis">false positive rate</text>
      </svg>
      <figcaption className="muted small">image ROC, one curve per run</figcaption>
    </figure>
  )
}
