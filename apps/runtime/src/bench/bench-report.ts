import type { Accuracy } from './accuracy'
import type { ReferenceComparison } from './reference-compare'
import type { StageTiming } from './stage-timer'

/** Everything a bench run reports; written as JSON and printed as a table. */
export interface BenchResult {
  dataset: string
  weights: string
  graph: string
  coreset: number
  finetuneUpdates: number
  /** Training throughput of the fine-tuning node (images per second over its updates) and its engine. */
  finetune?: { imagesPerSecond: number; engine: string }
  threads: number
  method: string
  trainImages: number
  testImages: number
  stages: StageTiming[]
  /** Wall time of the whole graph run, in seconds. */
  totalSeconds: number
  /** Bank + scoring stages (memory bank, LDKNN/kNN), seconds. */
  bankAndScoringSeconds: number
  /**
   * (test feature extraction + scoring - local densities) / test images, in ms. The densities are a
   * property of the bank, computed once per bank and K and reused by later scorings (the reference
   * reports them as its own "local density" stage), so they are counted apart.
   */
  msPerTestImage: number
  /** The same with this run's density computation spread over the test images. */
  msPerTestImageWithDensities: number
  /** Local densities computed during scoring, and their wall time in seconds. */
  densitiesComputed: number
  densitySeconds: number
  peakRssMiB: number
  accuracy: Accuracy
  reference?: ReferenceComparison
  /** The nodes' log lines (phase timings, bank sizes). */
  notes: string[]
}

const pad = (text: string, width: number): string => text.padEnd(width)
const lpad = (text: string, width: number): string => text.padStart(width)

/** The human-readable summary printed by `inspectflow bench`. */
export function formatBenchResult(result: BenchResult): string {
  const lines = [
    `dataset ${result.dataset} (${result.trainImages} train, ${result.testImages} test), ${result.method}, ${result.finetuneUpdates > 0 ? `fine-tuned ${result.finetuneUpdates} updates` : 'ImageNet weights'}, ${result.threads} threads`,
    '',
    `${pad('stage', 16)}${pad('node type', 20)}${lpad('wall s', 9)}${lpad('images/s', 10)}${lpad('peak RSS MiB', 14)}${lpad('sampled MiB', 13)}`,
  ]
  for (const s of result.stages) {
    const rate = s.imagesPerSecond === undefined ? '-' : s.imagesPerSecond.toFixed(1)
    lines.push(
      `${pad(s.nodeId, 16)}${pad(s.nodeType, 20)}${lpad((s.ms / 1000).toFixed(2) + (s.cached ? '*' : ''), 9)}${lpad(rate, 10)}${lpad(s.peakRssMiB.toFixed(0), 14)}${lpad(s.sampledRssMiB.toFixed(0), 13)}`,
    )
  }
  if (result.finetune) {
    lines.push('', `fine-tuning ${result.finetune.imagesPerSecond.toFixed(2)} img/s (${result.finetuneUpdates} updates on ${result.finetune.engine})`)
  }
  const a = result.accuracy
  const fixed = (value: number | null): string => (value === null ? 'n/a' : value.toFixed(4))
  lines.push(
    '',
    `total ${result.totalSeconds.toFixed(1)} s; bank + scoring ${result.bankAndScoringSeconds.toFixed(1)} s; peak RSS ${result.peakRssMiB.toFixed(0)} MiB`,
    `features + scoring ${result.msPerTestImage.toFixed(1)} ms per test image, plus the bank's one-time local densities: ${result.densitiesComputed} in ${result.densitySeconds.toFixed(1)} s (${result.msPerTestImageWithDensities.toFixed(1)} ms per test image with them)`,
    `image AUROC ${fixed(a.imageAuroc)}   pixel AUROC ${fixed(a.pixelAuroc)}   anomaly-only pixel AUROC ${fixed(a.anomalyOnlyPixelAuroc)}   AUPRO ${fixed(a.aupro)}   (${a.images} images, ${a.defective} defective)`,
  )
  const r = result.reference
  if (r) {
    lines.push(
      `reference ${r.reference}: image AUROC ${r.referenceImageAuroc ?? '?'}, pixel AUROC ${r.referencePixelAuroc ?? '?'}; ${r.matchedImages} images matched, image-score Spearman ${r.imageScoreSpearman.toFixed(4)}, max image-score diff ${r.maxImageScoreDiff.toFixed(4)}` +
        (r.maxPatchScoreDiff === undefined ? '' : `, patch scores max diff ${r.maxPatchScoreDiff.toFixed(4)} mean ${r.meanPatchScoreDiff?.toFixed(5)}`),
    )
  }
  return `${lines.join('\n')}\n`
}
