import type { Artifact, RunRecord } from '../api/api-types'
import type { Roc } from './chart-data'

/** One test image as the results panel shows it. */
export interface ImageResult {
  name: string
  label: 0 | 1
  defectType?: string
  /** Absent when the run reported overlays but no per-image scores. */
  score?: number
  overlayUrl?: string
  /** The large view's panels (URLs): image, ground truth (absent: the dataset has no mask for it), heat map, predicted mask. */
  panels?: ImagePanels
  /** A new, unlabelled image from the dataset's inspect folder: decided, never counted right or wrong. */
  inspect?: boolean
}

/** URLs of one image's four panels, as the report node wrote them. */
export interface ImagePanels {
  image: string
  mask?: string
  heatmap: string
  predicted: string
}

/** Where the predicted masks are cut, and why there. */
export interface PixelThreshold {
  value: number
  source: string
}

/** One row of the metrics table: the overall set or one defect type. */
export interface MetricsRow {
  set: string
  values: Record<string, number | null>
}

/** Everything the results panel draws for a finished run. */
export interface RunResults {
  rows: MetricsRow[]
  /** Counts and other numbers outside the per-set table (tp, fp, ...). */
  extra: Record<string, number>
  threshold?: number
  thresholdDetail?: string
  /** The ROC curve the metrics node computed, when the record carries it whole. */
  roc?: Roc
  /** Scores by label recovered from that ROC's thresholds, for the histogram when no per-image scores came. */
  rocScores?: { score: number; label: 0 | 1 }[]
  images: ImageResult[]
  /** The run's report.html, when it wrote one. */
  reportUrl?: string
  /** The heat maps' shared value range and the predicted masks' threshold, when the report node wrote them. */
  mapRange?: [number, number]
  pixelThreshold?: PixelThreshold
}

const SET_COLUMNS = ['imageCount', 'imageAuroc', 'pixelAuroc', 'pixelAurocAnomalous', 'aupro', 'bestF1'] as const

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

function setValues(set: Record<string, unknown>): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const column of SET_COLUMNS) {
    const v = set[column]
    out[column] = column === 'bestF1' ? num((v as { f1?: unknown } | null)?.f1) : num(v)
  }
  return out
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number')
}

function readCounts(m: Record<string, unknown>): Record<string, number> {
  const extra: Record<string, number> = {}
  const counts = (m.counts ?? {}) as Record<string, unknown>
  for (const key of ['tp', 'fp', 'tn', 'fn', 'precision', 'recall', 'f1']) if (num(counts[key]) !== null) extra[key] = counts[key] as number
  return extra
}

/** The ROC of the overall set, only when the record carries it whole (it truncates long arrays). */
function readRoc(overall: Record<string, unknown>): Pick<RunResults, 'roc' | 'rocScores'> {
  const roc = overall.roc as { fpr?: unknown; tpr?: unknown; thresholds?: unknown } | null | undefined
  if (!roc || !isNumberArray(roc.fpr) || !isNumberArray(roc.tpr) || roc.fpr.length !== roc.tpr.length || roc.fpr.at(-1) !== 1) return {}
  const curve = { fpr: roc.fpr, tpr: roc.tpr }
  const rocScores = Array.isArray(roc.thresholds) ? scoresFromRoc(curve, roc.thresholds, num(overall.normalCount), num(overall.anomalousCount)) : undefined
  return { roc: curve, ...(rocScores ? { rocScores } : {}) }
}

/** Reads a Metrics value (overall + perDefectType, as eval.metrics outputs) or any flat object of numbers. */
export function readMetrics(metrics: unknown): Pick<RunResults, 'rows' | 'extra' | 'roc' | 'rocScores'> {
  const m = (metrics ?? {}) as Record<string, unknown>
  const extra = readCounts(m)
  if (!m.overall || typeof m.overall !== 'object') {
    for (const [k, v] of Object.entries(m)) if (num(v) !== null) extra[k] = v as number
    return { rows: [], extra }
  }
  const overall = m.overall as Record<string, unknown>
  const perType = (m.perDefectType ?? {}) as Record<string, Record<string, unknown>>
  const rows = [{ set: 'overall', values: setValues(overall) }, ...Object.entries(perType).map(([set, v]) => ({ set, values: setValues(v) }))]
  return { rows, extra, ...readRoc(overall) }
}

/**
 * Each ROC step at threshold t adds the images scored exactly t: (delta tpr x anomalous count) anomalous
 * ones and (delta fpr x normal count) normal ones. So the curve gives back every score with its label.
 */
export function scoresFromRoc(roc: Roc, thresholds: unknown[], normal: number | null, anomalous: number | null): { score: number; label: 0 | 1 }[] | undefined {
  if (normal === null || anomalous === null || thresholds.length !== roc.fpr.length) return undefined
  const out: { score: number; label: 0 | 1 }[] = []
  for (let i = 1; i < thresholds.length; i++) {
    const score = thresholds[i]
    if (typeof score !== 'number') return undefined
    const positives = Math.round((roc.tpr[i]! - roc.tpr[i - 1]!) * anomalous)
    const negatives = Math.round((roc.fpr[i]! - roc.fpr[i - 1]!) * normal)
    for (let k = 0; k < positives; k++) out.push({ score, label: 1 })
    for (let k = 0; k < negatives; k++) out.push({ score, label: 0 })
  }
  return out
}

function readThreshold(value: unknown): { threshold?: number; thresholdDetail?: string } {
  if (typeof value === 'number') return { threshold: value }
  const t = value as { value?: unknown; method?: unknown; detail?: unknown } | undefined
  if (typeof t?.value !== 'number') return {}
  return { threshold: t.value, thresholdDetail: [t.method, t.detail].filter((s) => typeof s === 'string').join(': ') }
}

/** Label and defect type guessed from an MVTec-style overlay name (`test_broken_large_000.png`). */
export function imageFromOverlayName(artifact: Artifact): ImageResult {
  const stem = (artifact.name.split('/').pop() ?? artifact.name).replace(/\.png$/i, '')
  const parts = stem.split('_')
  const body = parts[0] === 'test' || parts[0] === 'train' ? parts.slice(1) : parts
  const defectType = (/^\d+$/.test(body.at(-1) ?? '') ? body.slice(0, -1) : body).join('_') || 'unknown'
  return { name: stem, label: defectType === 'good' ? 0 : 1, defectType, overlayUrl: artifact.url }
}

interface ScoredEntry {
  name?: string
  label?: number
  defectType?: string
  score?: number
  overlay?: string
  panelFiles?: Partial<Record<keyof ImagePanels, string>>
  inspect?: boolean
}

/** Per-image entries of a scores artifact: `{ images: [{ name, label, defectType, score, overlay }] }`. */
export function parseScores(json: unknown): ScoredEntry[] {
  const body = json as { images?: unknown; imageScores?: unknown } | undefined
  const images = Array.isArray(body?.images) ? (body.images as ScoredEntry[]) : []
  const scores = isNumberArray(body?.imageScores) ? body.imageScores : undefined
  return images.map((img, i) => (scores ? { ...img, score: scores[i] } : img))
}

function overlayOf(entry: ScoredEntry, overlays: Artifact[]): Artifact | undefined {
  if (entry.overlay) return overlays.find((a) => a.name === entry.overlay || a.name.endsWith(`/${entry.overlay}`))
  const key = (entry.name ?? '').replace(/\.[^./\\]+$/, '').replace(/[^A-Za-z0-9._-]+/g, '_')
  return key ? overlays.find((a) => a.name.endsWith(`/${key}.png`)) : undefined
}

function artifactUrl(file: string | undefined, artifacts: Artifact[]): string | undefined {
  if (!file) return undefined
  return artifacts.find((a) => a.name === file || a.name.endsWith(`/${file}`))?.url
}

/** The panels' URLs, when every file the entry names (image, heat map, predicted mask) was written. */
function panelsOf(entry: ScoredEntry, artifacts: Artifact[]): ImagePanels | undefined {
  const files = entry.panelFiles
  const [image, heatmap, predicted] = [files?.image, files?.heatmap, files?.predicted].map((f) => artifactUrl(f, artifacts))
  if (!image || !heatmap || !predicted) return undefined
  const mask = artifactUrl(files?.mask, artifacts)
  return { image, heatmap, predicted, ...(mask ? { mask } : {}) }
}

/** The map range and pixel threshold of a scores artifact, when it carries them well-formed. */
function readPanelScale(json: unknown): Pick<RunResults, 'mapRange' | 'pixelThreshold'> {
  const body = json as { mapRange?: unknown; pixelThreshold?: { value?: unknown; source?: unknown } } | undefined
  const range = isNumberArray(body?.mapRange) && body.mapRange.length === 2 ? { mapRange: body.mapRange as [number, number] } : {}
  const t = body?.pixelThreshold
  const cut = typeof t?.value === 'number' && typeof t.source === 'string' ? { pixelThreshold: { value: t.value, source: t.source } } : {}
  return { ...range, ...cut }
}

/**
 * Builds the results from the run record (metrics and threshold summary), its artifact list, and its
 * scores artifact when one exists. Without per-image scores the overlays still show, labelled by name.
 */
export function buildResults(record: RunRecord, artifacts: Artifact[], scoresJson: unknown): RunResults {
  const overlays = artifacts.filter((a) => /\.png$/i.test(a.name) && /(^|\/)overlays\//.test(a.name))
  const metrics = readMetrics(record.summary?.metrics)
  const summaryThreshold = record.summary?.threshold ?? (record.summary?.metrics as { threshold?: unknown } | undefined)?.threshold
  const threshold = readThreshold(summaryThreshold ?? (scoresJson as { threshold?: unknown } | undefined)?.threshold)
  const entries = parseScores(scoresJson).filter((e) => e.name)
  const images: ImageResult[] = entries.length
    ? entries.map((e) => {
        const overlay = overlayOf(e, overlays)
        const panels = panelsOf(e, artifacts)
        return {
          name: e.name as string,
          label: e.label === 1 ? 1 : 0,
          ...(e.defectType ? { defectType: e.defectType } : {}),
          ...(typeof e.score === 'number' ? { score: e.score } : {}),
          ...(overlay ? { overlayUrl: overlay.url } : {}),
          ...(panels ? { panels } : {}),
          ...(e.inspect === true ? { inspect: true } : {}),
        }
      })
    : overlays.map(imageFromOverlayName)
  const report = artifacts.find((a) => /(^|\/)report\.html$/i.test(a.name))
  return { ...metrics, ...threshold, images, ...readPanelScale(scoresJson), ...(report ? { reportUrl: report.url } : {}) }
}
