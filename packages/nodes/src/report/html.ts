import type { MetricSet, MetricsValue, ThresholdValue } from '../eval/eval-values'
import { histogramSvg, rocSvg } from './charts'
import { escapeHtml, formatMetric } from './escape'
import { caseHtml, colourBarHtml, PANEL_STYLE, type PanelScale, type ReportCase } from './panels-html'
import type { RunInfo } from './run-info'
import type { ReportImage } from './worst-cases'

export type { ReportCase } from './panels-html'

/** Everything report.html shows; built by writeReport, rendered here without any I/O. */
export interface ReportModel {
  title: string
  generatedAt: string
  runInfo: RunInfo
  scoringMethod: string
  testSetFingerprint: string
  metrics: MetricsValue
  threshold: ThresholdValue
  images: ReportImage[]
  falsePositives: ReportCase[]
  falseNegatives: ReportCase[]
  /** The new images of the dataset's inspect folder, each with its decision and map. */
  inspected: ReportCase[]
  /** The heat maps' value range and the predicted-mask threshold, shared by every panel. */
  scale: PanelScale
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}.charts{display:flex;gap:24px;flex-wrap:wrap}
.cases{display:flex;gap:12px;flex-wrap:wrap}.case{font-size:12px;text-align:center}.note{color:#8a5a00}
.anomalous{color:#b00020;font-weight:700}.normal{color:#1b6e20;font-weight:700}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dt{font-weight:600}dd{margin:0;font-family:monospace}
${PANEL_STYLE}`

/** Which device and backend ran each node before the report (none listed: all came from the cache). */
function devicesLine(devices: Record<string, string> | undefined): string {
  if (!devices || Object.keys(devices).length === 0) return ''
  const list = Object.entries(devices).map(([id, ran]) => `${escapeHtml(id)}: ${escapeHtml(ran)}`)
  return `<dt>Device and backend</dt><dd>${list.join(', ')}</dd>`
}

function provenance(model: ReportModel): string {
  const info = model.runInfo
  const unknown = '<em>unknown (not passed to the report node)</em>'
  const show = (v: string | undefined): string => (v ? escapeHtml(v) : unknown)
  const versions = info.nodeVersions
    ? Object.entries(info.nodeVersions)
        .map(([id, v]) => `${escapeHtml(id)}: ${escapeHtml(v)}`)
        .join(', ')
    : undefined
  return `<dl>
<dt>Graph</dt><dd>${show(info.graphName)}</dd><dt>Graph hash</dt><dd>${show(info.graphHash)}</dd>
<dt>Node versions</dt><dd>${versions ?? unknown}</dd>${devicesLine(info.nodeDevices)}<dt>Weights hash</dt><dd>${show(info.weightsHash)}</dd>
<dt>Dataset fingerprint</dt><dd>${show(info.datasetFingerprint)}</dd>
<dt>Test-set fingerprint</dt><dd>${escapeHtml(model.testSetFingerprint)}</dd>
<dt>Scoring</dt><dd>${escapeHtml(model.scoringMethod)}</dd><dt>Generated</dt><dd>${escapeHtml(model.generatedAt)}</dd></dl>`
}

function metricRow(name: string, m: MetricSet): string {
  const c = m.counts
  return `<tr class="metric-row"><td>${escapeHtml(name)}</td><td>${m.imageCount}</td><td>${formatMetric(m.imageAuroc)}</td><td>${formatMetric(m.pixelAuroc)}</td><td>${formatMetric(m.pixelAurocAnomalous)}</td><td>${formatMetric(m.aupro)}</td><td>${formatMetric(m.bestF1?.f1)}</td><td>${c.tp}/${c.fp}/${c.tn}/${c.fn}</td></tr>`
}

function metricsTable(metrics: MetricsValue): string {
  const rows = [metricRow('overall', metrics.overall), ...Object.entries(metrics.perDefectType).map(([type, m]) => metricRow(type, m))]
  return `<table id="metrics"><thead><tr><th>set</th><th>images</th><th>image AUROC</th><th>pixel AUROC</th><th>pixel AUROC (anomalous images)</th><th>AUPRO (FPR ≤ ${metrics.aproMaxFpr})</th><th>best F1</th><th>TP/FP/TN/FN</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function cases(title: string, list: ReportCase[], empty: string, verdict: string, scale: PanelScale): string {
  const items = list.map((c) => caseHtml(c, scale, verdict)).join('')
  return `<h3>${escapeHtml(title)}</h3>${list.length > 0 ? items : `<p>${escapeHtml(empty)}</p>`}`
}

/** The new images with their decision: what a line operator reads first. */
function inspectedSection(list: ReportCase[], threshold: number, scale: PanelScale): string {
  if (list.length === 0) return ''
  const flagged = list.filter((c) => c.score >= threshold).length
  const items = list
    .map((c) => {
      const anomalous = c.score >= threshold
      return caseHtml(c, scale, `<span class="${anomalous ? 'anomalous' : 'normal'}">${anomalous ? 'ANOMALOUS' : 'normal'}</span>`)
    })
    .join('')
  return `<h2>New images to inspect</h2><p id="inspect-summary">${flagged} of ${list.length} new image(s) anomalous at threshold ${threshold.toPrecision(6)}; the heat map shows where.</p>${colourBarHtml(scale)}<div class="inspected">${items}</div>`
}

/** How the panels read: one colour scale for all heat maps, and where the predicted masks are cut. */
function panelKey(scale: PanelScale): string {
  return `${colourBarHtml(scale)}<p id="pixel-threshold">Predicted masks: anomaly map ≥ ${scale.pixelThreshold.value.toPrecision(6)}, ${escapeHtml(scale.pixelThreshold.source)}.</p>`
}

function imageTable(images: ReportImage[], threshold: number): string {
  const rows = images
    .map((im) => `<tr><td>${escapeHtml(im.name)}</td><td>${escapeHtml(im.defectType)}</td><td>${im.score.toPrecision(5)}</td><td>${im.score >= threshold ? 'anomalous' : 'normal'}</td></tr>`)
    .join('')
  return `<table id="images"><thead><tr><th>image</th><th>truth</th><th>score</th><th>decision</th></tr></thead><tbody>${rows}</tbody></table>`
}

/**
 * The whole report as one HTML document with inline CSS, SVG and data-URI images: it opens without a
 * network or any other file, so the one file can be mailed to another plant.
 */
export function renderReportHtml(model: ReportModel): string {
  const { metrics, threshold } = model
  const labelled = model.images.filter((im) => !im.inspect)
  const c = metrics.counts
  const notes = metrics.notes.length > 0 ? `<ul class="notes">${metrics.notes.map((n) => `<li class="note">${escapeHtml(n)}</li>`).join('')}</ul>` : ''
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(model.title)}</title><style>${STYLE}</style></head><body>
<h1>${escapeHtml(model.title)}</h1>${inspectedSection(model.inspected, threshold.value, model.scale)}${provenance(model)}
<h2>Threshold</h2><p id="threshold">${threshold.value.toPrecision(6)} — method <strong>${escapeHtml(threshold.method)}</strong>: ${escapeHtml(threshold.detail)} (${escapeHtml(metrics.decisionRule)}). At this threshold: TP ${c.tp}, FP ${c.fp}, TN ${c.tn}, FN ${c.fn}.</p>
<h2>Metrics</h2>${metricsTable(metrics)}${notes}
<h2>Charts</h2><div class="charts">${rocSvg(metrics.overall.roc, metrics.overall.imageAuroc)}${histogramSvg(labelled.map((im) => im.score), labelled.map((im) => im.label), threshold.value)}</div>
<h2>Worst cases</h2>${panelKey(model.scale)}${cases('False positives (highest-scoring normal images)', model.falsePositives, 'No false positive at this threshold.', 'false positive', model.scale)}${cases('False negatives (lowest-scoring anomalous images)', model.falseNegatives, 'No false negative at this threshold.', 'false negative', model.scale)}
<h2>All test images</h2>${imageTable(labelled, threshold.value)}
</body></html>
`
}
