import type { NodeContext } from '../contract/context'
import { throwIfCancelled } from '../contract/errors'
import type { MetricsValue, ReportValue, ThresholdValue } from '../eval/eval-values'
import { readMask } from '../image/read-image'
import { readImageRgb } from '../image/read-image'
import type { ScoresValue } from '../scoring/scores-value'
import { type ReportModel, renderReportHtml } from './html'
import { overlayPng } from './overlay'
import type { CasePanels, PanelScale, ReportCase } from './panels-html'
import { dataUri, type PanelFiles, renderPanels } from './panels'
import { type PixelThreshold, pixelThresholdFor } from './pixel-threshold'
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

/**
 * Ground truth at map size per image: its mask; an empty mask for a good image of a dataset that has
 * masks (no defect pixel is the truth there); null where there is nothing to show ("no mask").
 */
async function readGroundTruth(scores: ScoresValue, size: number): Promise<(Uint8Array | null)[]> {
  const hasMasks = scores.images.some((image) => image.maskPath)
  return Promise.all(
    scores.images.map(async (image) => {
      if (image.maskPath) return (await readMask(image.maskPath, size, image.fit)).data
      return hasMasks && image.label === 0 && !image.inspect ? new Uint8Array(size * size) : null
    }),
  )
}

/** The predicted-mask threshold, chosen on the labelled images whose truth is known pixel by pixel. */
function choosePixelThreshold(scores: ScoresValue, masks: (Uint8Array | null)[], range: [number, number], image: ThresholdValue): PixelThreshold {
  const area = masks.length ? (scores.pixelMaps.shape[1] as number) ** 2 : 0
  const samples = scores.images.flatMap((im, i) => (im.inspect || (im.label === 1 && !masks[i]) ? [] : [{ map: scores.pixelMaps.data.subarray(i * area, (i + 1) * area), mask: masks[i] ?? null }]))
  return pixelThresholdFor(samples, range, image)
}

/** Everything written per image, and the embedded panels of the images the report shows. */
interface ImageFiles {
  images: ReportImage[]
  files: string[]
  embedded: Map<string, CasePanels>
}

/** Writes each image's overlay (gallery tile) and its four full-size panels; embeds the chosen images' panels small. */
async function writeImageFiles(ctx: ReportContext, scores: ScoresValue, masks: (Uint8Array | null)[], scale: PanelScale, embed: Set<string>): Promise<ImageFiles> {
  const size = scores.pixelMaps.shape[1] as number
  const area = size * size
  const out: ImageFiles = { images: [], files: [], embedded: new Map() }
  for (const [i, image] of scores.images.entries()) {
    throwIfCancelled(ctx.signal)
    const rgb = await readImageRgb(image.path, size, undefined, image.fit)
    const map = scores.pixelMaps.data.subarray(i * area, (i + 1) * area)
    const overlay = overlayName(image.name)
    out.files.push(await ctx.writeArtifact(overlay, await overlayPng({ image: rgb, map, mask: masks[i] ?? null, range: scale.range })))
    const input = { image: rgb, map, mask: masks[i] ?? null, range: scale.range, threshold: scale.pixelThreshold.value }
    const full = await renderPanels(input, { side: size })
    const names = panelNames(image.name, full.mask !== null)
    for (const [kind, name] of Object.entries(names)) out.files.push(await ctx.writeArtifact(name, full[kind as keyof PanelFiles] as Uint8Array))
    if (embed.has(image.name)) {
      // never encoded larger than the map: a bigger file would add no detail
      const small = await renderPanels(input, { side: Math.min(size, scale.side), jpegQuality: 80 })
      out.embedded.set(image.name, { image: dataUri(small.image), mask: small.mask ? dataUri(small.mask) : null, heatmap: dataUri(small.heatmap), predicted: dataUri(small.predicted) })
    }
    out.images.push({ name: image.name, label: image.label, defectType: image.defectType, score: scores.imageScores[i] as number, overlay, panelFiles: names, ...(image.inspect ? { inspect: true as const } : {}) })
    ctx.progress(i + 1, scores.images.length + 1, 'writing overlays and panels')
  }
  return out
}

/** Artifact names of one image's panels, next to its overlay's. */
export function panelNames(imageName: string, withMask: boolean): { image: string; mask?: string; heatmap: string; predicted: string } {
  const stem = overlayName(imageName).replace(/^overlays\//, 'panels/').replace(/\.png$/, '')
  return { image: `${stem}.image.jpg`, ...(withMask ? { mask: `${stem}.mask.png` } : {}), heatmap: `${stem}.heatmap.jpg`, predicted: `${stem}.predicted.png` }
}

/** The report's list of images before any file is written: what the worst cases are chosen from. */
function listedImages(scores: ScoresValue): ReportImage[] {
  return scores.images.map((image, i) => ({ name: image.name, label: image.label, defectType: image.defectType, score: scores.imageScores[i] as number, overlay: overlayName(image.name), ...(image.inspect ? { inspect: true as const } : {}) }))
}

/**
 * Writes per test image an overlay and four panels (image, ground truth, heat map, predicted mask),
 * and a self-contained report.html (inline CSS, SVG charts, the worst cases' panels as data URIs: no
 * reference to any other file), through ctx.writeArtifact. Returns the files written and a summary.
 */
export async function writeReport(ctx: ReportContext, scores: ScoresValue, metrics: MetricsValue, threshold: ThresholdValue | undefined, options: ReportOptions): Promise<ReportValue> {
  const chosen = threshold ?? metrics.threshold
  const size = scores.pixelMaps.shape[1] as number
  const range = mapRange(scores.pixelMaps.data)
  const masks = await readGroundTruth(scores, size)
  const pixelThreshold = choosePixelThreshold(scores, masks, range, chosen)
  const scale: PanelScale = { range, pixelThreshold, side: options.thumbnailSize }
  const listed = listedImages(scores)
  const worst = worstCases(listed, chosen.value, options.worstCount)
  const shown = [...worst.falsePositives, ...worst.falseNegatives, ...listed.filter((im) => im.inspect)]
  const { images, files, embedded } = await writeImageFiles(ctx, scores, masks, scale, new Set(shown.map((im) => im.name)))
  const withPanels = (list: ReportImage[]): ReportCase[] => list.map((im) => ({ ...im, panels: embedded.get(im.name) as CasePanels }))
  const model: ReportModel = {
    title: options.title,
    generatedAt: new Date().toISOString(),
    runInfo: options.runInfo,
    scoringMethod: scores.method,
    testSetFingerprint: testSetFingerprint(scores.images),
    metrics,
    threshold: chosen,
    images,
    falsePositives: withPanels(worst.falsePositives),
    falseNegatives: withPanels(worst.falseNegatives),
    inspected: withPanels(listed.filter((im) => im.inspect)),
    scale,
  }
  const report = await ctx.writeArtifact('report.html', renderReportHtml(model))
  // per-image scores and panel files for the editor's histogram, error filter and large view, and for scripts
  const scoresFile = await ctx.writeArtifact('scores.json', JSON.stringify({ threshold: chosen, pixelThreshold, mapRange: range, images }, null, 1))
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
