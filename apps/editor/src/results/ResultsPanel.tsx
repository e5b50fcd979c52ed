import { rocFromImages } from './chart-data'
import { MetricsTable } from './MetricsTable'
import { OverlayGallery } from './OverlayGallery'
import type { ImageResult, RunResults } from './results-data'
import { RocChart } from './RocChart'
import { ScoreHistogram } from './ScoreHistogram'

/** Per-image scores when the run wrote them, else the scores recovered from the metrics' ROC curve. */
function histogramImages(results: RunResults): ImageResult[] {
  if (results.images.some((i) => i.score !== undefined)) return labelled(results.images)
  return (results.rocScores ?? []).map((s, i) => ({ name: String(i), ...s }))
}

/** New images to inspect have no label: they are in the gallery, not in the charts. */
function labelled(images: ImageResult[]): ImageResult[] {
  return images.filter((i) => !i.inspect)
}

/** The results of the last finished run: metrics, ROC, score histogram and overlay gallery. */
export function ResultsPanel({ results, loading }: { results?: RunResults; loading: boolean }) {
  if (loading) return <div className="panel-empty" data-testid="results-loading">Loading results…</div>
  if (!results) return <div className="panel-empty">Run the graph to see metrics, curves and anomaly maps here.</div>
  const threshold = results.threshold !== undefined ? { threshold: results.threshold } : {}
  return (
    <div className="results" data-testid="results-panel">
      <div className="results-row">
        <section className="results-metrics">
          <h3>Metrics</h3>
          <MetricsTable rows={results.rows} extra={results.extra} />
          {results.thresholdDetail && <p className="muted small">threshold {results.threshold?.toPrecision(6)} · {results.thresholdDetail}</p>}
        </section>
        <section>
          <h3>ROC</h3>
          <RocChart roc={results.roc ?? rocFromImages(labelled(results.images))} />
        </section>
        <section>
          <h3>Scores</h3>
          <ScoreHistogram images={histogramImages(results)} {...threshold} />
        </section>
      </div>
      <div className="results-head">
        <h3>Anomaly maps</h3>
        {results.reportUrl && (
          <a className="report-link" href={results.reportUrl} target="_blank" rel="noreferrer" data-testid="report-link">
            Open the full report ↗
          </a>
        )}
      </div>
      <OverlayGallery
        images={results.images}
        {...threshold}
        {...(results.mapRange ? { mapRange: results.mapRange } : {})}
        {...(results.pixelThreshold ? { pixelThreshold: results.pixelThreshold } : {})}
      />
    </div>
  )
}
