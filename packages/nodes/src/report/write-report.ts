import type { NodeContext } from '../contract/context'
import { throwIfCancelled } from '../contract/errors'
import type { MetricsValue, ReportValue, ThresholdValue } from '../eval/eval-values'
import { readMask } from '../image/read-image'
import { readImageRgb } from '../image/read-image'
import type { ScoresValue } from '../scoring/scores-value'
import { type ReportCase, type ReportModel, renderReportHtml } from './html'
import { overlayPng, thumbnailDataUri } from './overlay'
import { type RunInfo, testSetFingerprint } from './run-info'
import { type ReportImage, worstCases } from './worst-cases'

/** Options of a report. */
export interface ReportOptions {
  title: string
  worstCount: number
  thumbnailSize: number
  runInfo: RunInfo
}

/** The context parts a report needs; tests pass a small fake. */
export type ReportContext = Pick<NodeContext, 'signal' | 'progress' | 'writeArtifact'>

/** Artifact name of an image's overlay: its dataset name flattened into one file name. */
export function overlayName(imageName: string): string {
  return `overlays/${imageName.replace(/\.[^./\\]+$/, '').replace(/[^A-Za-z0-9._-]+/g, '_')}.png`
}

function mapRange(maps: Float32Array): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (let k = 0; k < maps.length; k++) {
    const v = maps[k] as number
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return lo <= hi ? [lo, hi] : [0, 1]
}

/** Writes one overlay PNG per test image; returns the list entries and the PNG bytes by name. */
async function writeOverlays(ctx: ReportContext, scores: ScoresValue): Promise<{ images: ReportImage[]; pngs: Map<string, Uint8Array>; files: string[] }> {
  const size = scores.pixelMaps.shape[1] as number
  const area = size * size
  const range = mapRange(scores.pixelMaps.data)
  const images: ReportImage[] = []
  const pngs = new Map<string, Uint8Array>()
  const files: string[] = []
  for (const [i, image] of scores.images.entries()) {
    throwIfCancelled(ctx.signal)
    const png = await overlayPng({
      image: await readImageRgb(image.path, size, undefined, image.fit),
      map: scores.pixelMaps.data.subarray(i * area, (i + 1) * area),
      mask: image.maskPath ? (await readMask(image.maskPath, size, image.fit)).data : null,
      range,
    })
    // The report links overlays relative to itself; writeArtifact's answer is relative to the run's artifact directory.
    const overlay = overlayName(image.name)
    files.push(await ctx.writeArtifact(overlay, png))
    pngs.set(image.name, png)
    images.push({ name: image.name, label: image.label, defectType: image.defectType, score: scores.imageScores[i] as number, overlay, ...(image.inspect ? { inspect: true as const } : {}) })
    ctx.progress(i + 1, scores.images.length + 1, 'writing overlays')
  }
  return { images, pngs, files }
}

/**
 * Writes the overlays and a self-contained report.html (inline CSS, SVG charts, base64 thumbnails of
 * the worst cases) through ctx.writeArtifact, and returns the files written and a short summary.
 */
export async function writeReport(ctx: ReportContext, scores: ScoresValue, metrics: MetricsValue, threshold: ThresholdValue | undefined, options: ReportOptions): Promise<ReportValue> {
  const chosen = threshold ?? metrics.threshold
  const { images, pngs, files } = await writeOverlays(ctx, scores)
  const worst = worstCases(images, chosen.value, options.worstCount)
  const embed = async (list: ReportImage[]): Promise<ReportCase[]> =>
    Promise.all(list.map(async (im) => ({ ...im, thumbnail: await thumbnailDataUri(pngs.get(im.name) as Uint8Array, options.thumbnailSize) })))
  const model: ReportModel = {
    title: options.title,
    generatedAt: new Date().toISOString(),
    runInfo: options.runInfo,
    scoringMethod: scores.method,
    testSetFingerprint: testSetFingerprint(scores.images),
    metrics,
    threshold: chosen,
    images,
    falsePositives: await embed(worst.falsePositives),
    falseNegatives: await embed(worst.falseNegatives),
    inspected: await embed(images.filter((im) => im.inspect)),
  }
  const report = await ctx.writeArtifact('report.html', renderReportHtml(model))
  // per-image scores for the editor's histogram and error filter, and for scripts reading the report
  const scoresFile = await ctx.writeArtifact('scores.json', JSON.stringify({ threshold: chosen, images }, null, 1))
  ctx.progress(images.length + 1, images.length + 1, 'report written')
  const auroc = metrics.overall.imageAuroc
  const c = metrics.counts
  const labelledCount = images.length - model.inspected.length
  return {
    files: [report, scoresFile, ...files],
    summary:
      `image AUROC ${auroc === null ? 'n/a' : auroc.toFixed(4)} on ${labelledCount} test images; threshold ${chosen.value.toPrecision(6)} (${chosen.method}); TP ${c.tp} FP ${c.fp} TN ${c.tn} FN ${c.fn}` +
      inspectedSummary(model.inspected, chosen.value),
  }
}

/** `; new images: 2 of 5 anomalous (a.png, b.png)`, or nothing when there are none. */
function inspectedSummary(inspected: readonly ReportImage[], threshold: number): string {
  if (inspected.length === 0) return ''
  const flagged = inspected.filter((im) => im.score >= threshold).map((im) => im.name)
  const shown = flagged.slice(0, 20).join(', ') + (flagged.length > 20 ? `, and ${flagged.length - 20} more` : '')
  return `; new images: ${flagged.length} of ${inspected.length} anomalous${flagged.length > 0 ? ` (${shown})` : ''}`
}
