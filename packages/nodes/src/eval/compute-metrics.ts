import { NodeInputError } from '../contract/errors'
import { aupro } from './aupro'
import { aurocFromSorted, imageAuroc, rocCurve } from './auroc'
import { bestF1, confusionAt } from './confusion'
import { DECISION_RULE, type MetricSet, type MetricsValue, type ThresholdValue } from './eval-values'
import { assertFiniteScores } from './finite'
import { hasPositive, type PixelSet, splitPixels } from './pixel-set'
import { chooseThreshold } from './threshold'

/** Everything eval.metrics needs, already decoded (masks loaded, one entry per test image). */
export interface MetricsInput {
  imageScores: readonly number[]
  /** 0 = normal, 1 = anomalous. */
  labels: readonly number[]
  /** `good` or the defect type of each image. */
  defectTypes: readonly string[]
  /** Anomaly maps and masks; null when the scores carry no pixel maps. */
  pixels: PixelSet | null
  /** The chosen threshold; default best F1 (or a 1 % normal-fpr threshold when there are no anomalies). */
  threshold?: ThresholdValue
  /** Upper FPR limit of AUPRO (0.3 in the MVTec protocol). */
  aproMaxFpr?: number
}

type Notes = (scope: string, message: string) => void

function pixelMetrics(input: MetricsInput, images: number[], maxFpr: number, note: Notes, scope: string) {
  const empty = { pixelAuroc: null, pixelAurocAnomalous: null, aupro: null }
  if (!input.pixels) return empty
  const pixels = input.pixels
  const usable = images.filter((i) => pixels.masks[i] !== null || input.labels[i] === 0)
  const anomalous = usable.filter((i) => hasPositive(pixels.masks[i] ?? null))
  const all = splitPixels(pixels, usable)
  const pixelAuroc = aurocFromSorted(all.pos, all.neg)
  if (pixelAuroc === null) note(scope, all.pos.length === 0 ? 'pixel AUROC undefined: no ground-truth anomalous pixel' : 'pixel AUROC undefined: no normal pixel')
  const onlyAnomalous = splitPixels(pixels, anomalous)
  const pixelAurocAnomalous = aurocFromSorted(onlyAnomalous.pos, onlyAnomalous.neg)
  if (pixelAurocAnomalous === null) note(scope, 'anomalous-only pixel AUROC undefined: no image with both anomalous and normal pixels')
  const pro = aupro(pixels, usable, maxFpr)
  if (pro.note) note(scope, `AUPRO undefined: ${pro.note}`)
  return { pixelAuroc, pixelAurocAnomalous, aupro: pro.value }
}

function metricSet(input: MetricsInput, images: number[], threshold: ThresholdValue, note: Notes, scope: string): MetricSet {
  const scores = images.map((i) => input.imageScores[i] as number)
  const labels = images.map((i) => input.labels[i] as number)
  const anomalousCount = labels.filter((l) => l > 0).length
  const normalCount = labels.length - anomalousCount
  const auroc = imageAuroc(scores, labels)
  if (auroc === null) note(scope, `image AUROC undefined: ${anomalousCount === 0 ? 'no anomalous image' : 'no normal image'}`)
  const best = bestF1(scores, labels)
  if (best === null) note(scope, 'best F1 undefined: no anomalous image')
  return {
    imageCount: images.length,
    normalCount,
    anomalousCount,
    imageAuroc: auroc,
    ...pixelMetrics(input, images, input.aproMaxFpr ?? 0.3, note, scope),
    bestF1: best,
    counts: confusionAt(scores, labels, threshold.value),
  }
}

function checkInput(input: MetricsInput): void {
  const n = input.imageScores.length
  if (n === 0) throw new NodeInputError('scores.imageScores', 'at least one test image', 'none')
  if (input.labels.length !== n || input.defectTypes.length !== n) {
    throw new NodeInputError('scores.images', `${n} labels and defect types (one per score)`, `${input.labels.length} labels, ${input.defectTypes.length} defect types`)
  }
  assertFiniteScores(input.imageScores, 'scores.imageScores')
  if (input.pixels) {
    const expected = n * input.pixels.size * input.pixels.size
    if (input.pixels.maps.length !== expected) throw new NodeInputError('scores.pixelMaps', `${expected} values ([${n}, ${input.pixels.size}, ${input.pixels.size}])`, `${input.pixels.maps.length}`)
    assertFiniteScores(input.pixels.maps, 'scores.pixelMaps')
  }
}

function defaultThreshold(input: MetricsInput, note: Notes): ThresholdValue {
  if (input.labels.some((l) => l > 0)) return chooseThreshold(input.imageScores, input.labels, { method: 'best-f1' })
  note('overall', 'no threshold given and no anomalous image: using a 1 % false-positive rate on the normal images')
  return chooseThreshold(input.imageScores, input.labels, { method: 'normal-fpr', targetFpr: 0.01 })
}

/**
 * Image AUROC, pixel AUROC (all and anomalous-only images), AUPRO to FPR aproMaxFpr, best F1 and
 * confusion counts at the chosen threshold, overall and per defect type (normal images plus that
 * type). Undefined metrics are null with a note; non-finite scores are an error.
 */
export function computeMetrics(given: MetricsInput): MetricsValue {
  checkInput(given)
  const notes: string[] = []
  const note: Notes = (scope, message) => notes.push(`${scope}: ${message}`)
  const input = withoutMasklessPixels(given, note)
  const threshold = input.threshold ?? defaultThreshold(input, note)
  const all = input.imageScores.map((_, i) => i)
  const overall = metricSet(input, all, threshold, note, 'overall')
  const normals = all.filter((i) => input.labels[i] === 0)
  const types = [...new Set(all.filter((i) => input.labels[i] !== 0).map((i) => input.defectTypes[i] as string))].sort()
  const perDefectType: Record<string, MetricSet> = {}
  for (const type of types) {
    const ofType = all.filter((i) => input.labels[i] !== 0 && input.defectTypes[i] === type)
    perDefectType[type] = metricSet(input, [...normals, ...ofType], threshold, note, `type ${type}`)
  }
  if (input.pixels) {
    const missing = all.filter((i) => input.labels[i] !== 0 && input.pixels?.masks[i] === null).length
    if (missing > 0) note('overall', `${missing} anomalous image(s) without a ground-truth mask left out of pixel metrics`)
  } else if (given.pixels === null) {
    note('overall', 'no pixel maps: pixel AUROC and AUPRO not computed')
  }
  return {
    overall: { ...overall, roc: rocCurve(all.map((i) => input.imageScores[i] as number), [...input.labels]) },
    perDefectType,
    threshold,
    counts: overall.counts,
    decisionRule: DECISION_RULE,
    aproMaxFpr: input.aproMaxFpr ?? 0.3,
    notes: input.labels.some((l) => l > 0) ? notes : withoutDefectsNote(notes),
  }
}

/**
 * A set labelled per image only (no anomalous image has a ground-truth mask): pixel metrics cannot be
 * measured at all, so they are left out with one note instead of one per metric and defect type.
 */
function withoutMasklessPixels(input: MetricsInput, note: Notes): MetricsInput {
  const pixels = input.pixels
  const anomalous = input.labels.flatMap((label, i) => (label > 0 ? [i] : []))
  if (!pixels || anomalous.length === 0 || anomalous.some((i) => pixels.masks[i] !== null)) return input
  note('overall', `labelled per image only: none of the ${anomalous.length} anomalous images has a ground-truth mask, so pixel AUROC and AUPRO are not computed`)
  return { ...input, pixels: null }
}

/**
 * A test set of good images only (a line without defect samples) makes every ranking and pixel metric
 * undefined: one note says so and what to do, instead of one note per metric.
 */
function withoutDefectsNote(notes: string[]): string[] {
  const undefinedMetric = /^overall: (image AUROC|best F1|pixel AUROC|anomalous-only pixel AUROC|AUPRO) undefined/
  return [
    'overall: no defective images in the test set, so image AUROC, best F1, pixel AUROC and AUPRO are undefined; add defective images (abnormalDir, or test/<type> folders) to measure them',
    ...notes.filter((n) => !undefinedMetric.test(n)),
  ]
}
