import type { Engines, ScoresValue } from '@inspectflow/nodes'

import { InspectionModel } from './inspection-model'
import { openPackage } from './open-package'

/** The parity tolerance of the issue: the package scores as the graph did, to 1e-5 relative. */
export const PARITY_TOLERANCE = 1e-5

/** How far the package's numbers are from the graph's on the graph's own test images. */
export interface VerifyReport {
  ok: boolean
  tolerance: number
  images: number
  /** Largest |package - graph| / max(|package|, |graph|) over the image scores. */
  maxImageScoreRelError: number
  /**
   * Largest |package - graph| / max(|package|, |graph|) over every pixel of every map, where pixels
   * whose values are below 1e-6 of the map's largest magnitude count as equal (pure round-off there).
   */
  maxPixelRelError: number
  /** The image that was furthest off, by name. */
  worstImage: string | null
  /** Decisions that differ between package and graph (both at the package's threshold). */
  decisionMismatches: number
}

function relError(a: number, b: number, floor = 0): number {
  const scale = Math.max(Math.abs(a), Math.abs(b), floor)
  return scale === 0 ? 0 : Math.abs(a - b) / scale
}

function maxAbs(values: Float32Array): number {
  let best = 0
  for (const v of values) best = Math.max(best, Math.abs(v))
  return best
}

/**
 * Opens the package file as an importing plant would (hashes checked, weights resolved), scores each
 * of the graph's test images with it, and compares scores and pixel maps with the graph's own.
 */
export async function verifyPackage(file: string, graphScores: ScoresValue, options: { engines: Engines; weightsStoreDir: string }): Promise<VerifyReport> {
  const opened = await openPackage(file, options)
  const model = await InspectionModel.load(opened.fitted, options.engines)
  const size = model.imageSize
  const report: VerifyReport = { ok: true, tolerance: PARITY_TOLERANCE, images: graphScores.images.length, maxImageScoreRelError: 0, maxPixelRelError: 0, worstImage: null, decisionMismatches: 0 }
  let worst = -1
  for (const [i, image] of graphScores.images.entries()) {
    const [verdict] = await model.inspect([image.path])
    if (!verdict) continue
    const graphScore = graphScores.imageScores[i] as number
    const graphMap = graphScores.pixelMaps.data.subarray(i * size * size, (i + 1) * size * size)
    const imageError = relError(verdict.score, graphScore)
    const floor = 1e-6 * maxAbs(graphMap)
    let pixelError = 0
    for (let p = 0; p < graphMap.length; p++) pixelError = Math.max(pixelError, relError(verdict.pixelMap[p] as number, graphMap[p] as number, floor))
    report.maxImageScoreRelError = Math.max(report.maxImageScoreRelError, imageError)
    report.maxPixelRelError = Math.max(report.maxPixelRelError, pixelError)
    if (Math.max(imageError, pixelError) > worst) {
      worst = Math.max(imageError, pixelError)
      report.worstImage = image.name
    }
    if (verdict.anomalous !== graphScore >= verdict.threshold) report.decisionMismatches += 1
  }
  report.ok = report.maxImageScoreRelError <= PARITY_TOLERANCE && report.maxPixelRelError <= PARITY_TOLERANCE && report.decisionMismatches === 0
  return report
}

/** One line per figure, for the terminal and verify.txt. */
export function formatVerifyReport(report: VerifyReport): string {
  const e = (x: number): string => x.toExponential(2)
  return [
    `verify: ${report.ok ? 'PASSED' : 'FAILED'}: the package scores the graph's ${report.images} test images ${report.ok ? 'as the graph does' : 'differently from the graph'} (tolerance ${e(report.tolerance)} relative)`,
    `  image scores: largest relative difference ${e(report.maxImageScoreRelError)}`,
    `  pixel maps:   largest relative difference ${e(report.maxPixelRelError)}`,
    `  decisions that differ: ${report.decisionMismatches}${report.worstImage ? `; furthest image: ${report.worstImage}` : ''}`,
    '',
  ].join('\n')
}
