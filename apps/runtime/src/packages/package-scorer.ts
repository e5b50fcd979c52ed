import {
  blockedKnn,
  createDensityCache,
  createDistanceTopK,
  DEFAULT_SEARCH_BLOCKS,
  type DistanceTopKRunner,
  type Engines,
  fillDensities,
  type FloatTensor,
  imageScoreFromPatches,
  type MemoryBankValue,
  pixelMapFromPatches,
  rowSquaredNorms,
} from '@inspectflow/nodes'

import type { InspectionScoring } from './fitted-inspection'

/**
 * Scoring of single images against a package's bank, with the functions score.ldknn, score.knn and
 * anomaly.map use, so a package's numbers are the graph's. (The kernels' owner is adding a faster
 * scoreOneImage with this shape to @inspectflow/nodes; this module is the seam to swap it in.)
 */

/** The local density of every core entry, as score.ldknn computes them on demand. */
export async function computeCoreDensities(engines: Engines, bank: MemoryBankValue, k: number, signal?: AbortSignal): Promise<Float32Array> {
  const dim = bank.core.shape[1] as number
  const core = { data: bank.core.data, rows: bank.core.shape[0] as number, dim }
  const full = bank.full ? { data: bank.full.data, rows: bank.full.shape[0] as number, dim } : core
  const run = await createDistanceTopK(engines, dim)
  const cache = createDensityCache(core.rows, k)
  const every = Int32Array.from({ length: core.rows }, (_, i) => i)
  const blocks = engines.options.searchBlocks ?? DEFAULT_SEARCH_BLOCKS
  await fillDensities(run, { core, full, coreToFull: bank.coreIndices?.data, fullNorms: rowSquaredNorms(full.data, dim) }, every, cache, { ...blocks, ...(signal ? { signal } : {}) })
  return cache.rho
}

/** A bank made ready for repeated scoring: norms computed and the search session built once. */
export interface PreparedInspectionBank {
  run: DistanceTopKRunner
  core: { data: Float32Array; rows: number; dim: number }
  norms: Float32Array
  densities?: Float32Array
  scoring: InspectionScoring
  blocks: { queryBlock: number; bankBlock: number }
}

export async function prepareInspectionBank(
  engines: Engines,
  bank: { core: Float32Array; rows: number; dim: number; densities?: Float32Array },
  scoring: InspectionScoring,
): Promise<PreparedInspectionBank> {
  if (scoring.scorer === 'ldknn' && bank.densities?.length !== bank.rows) throw new RangeError(`LDKNN scoring needs ${bank.rows} core densities, found ${bank.densities?.length ?? 0}`)
  const core = { data: bank.core, rows: bank.rows, dim: bank.dim }
  return {
    run: await createDistanceTopK(engines, bank.dim),
    core,
    norms: rowSquaredNorms(bank.core, bank.dim),
    ...(bank.densities ? { densities: bank.densities } : {}),
    scoring,
    blocks: engines.options.searchBlocks ?? DEFAULT_SEARCH_BLOCKS,
  }
}

/** One image's scores, as anomaly.map gives them for that image. */
export interface OneImageScore {
  imageScore: number
  /** [H*W] patch scores. */
  patchScores: Float32Array
  /** [imageSize*imageSize] pixel anomaly map. */
  pixelMap: Float32Array
  timing: { searchMs: number; mapMs: number }
}

/** Patch scores and nearest distances of every query row. */
async function searchPatches(bank: PreparedInspectionBank, queries: { data: Float32Array; rows: number; dim: number }): Promise<{ scores: Float32Array; nearest: Float32Array }> {
  const { scoring } = bank
  const k = scoring.scorer === 'knn' ? scoring.k : 1
  const nn = await blockedKnn(bank.run, queries, bank.core, { k, ...bank.blocks }, bank.norms)
  const scores = new Float32Array(queries.rows)
  const nearest = new Float32Array(queries.rows)
  for (let q = 0; q < queries.rows; q++) {
    nearest[q] = nn.distances[q * k] as number
    if (scoring.scorer === 'ldknn') {
      scores[q] = (nn.distances[q] as number) - scoring.alpha * ((bank.densities as Float32Array)[nn.indices[q] as number] as number)
    } else {
      let sum = 0
      for (let n = 0; n < k; n++) sum += nn.distances[q * k + n] as number
      scores[q] = sum / k
    }
  }
  return { scores, nearest }
}

function maxOf(values: Float32Array): number {
  let best = Number.NEGATIVE_INFINITY
  for (const v of values) if (v > best) best = v
  return best
}

/** Several images' features [N, H, W, D] scored in one search (requests that queued up together). */
export async function scoreImages(bank: PreparedInspectionBank, features: FloatTensor, imageSize: number): Promise<OneImageScore[]> {
  const [count, height, width, dim] = features.shape.length === 3 ? [1, ...features.shape] : features.shape
  const started = performance.now()
  const { scores, nearest } = await searchPatches(bank, { data: features.data, rows: features.data.length / (dim as number), dim: dim as number })
  const searchMs = (performance.now() - started) / (count as number)
  const patches = (height as number) * (width as number)
  const results: OneImageScore[] = []
  for (let i = 0; i < (count as number); i++) {
    const mapStarted = performance.now()
    const patchScores = scores.slice(i * patches, (i + 1) * patches)
    const mapSource = bank.scoring.mapScores === 'nearestDistances' ? nearest.subarray(i * patches, (i + 1) * patches) : patchScores
    const imageScore = bank.scoring.imageScore === 'max' ? maxOf(patchScores) : imageScoreFromPatches(patchScores, height as number, width as number)
    const pixelMap = pixelMapFromPatches(mapSource, height as number, width as number, imageSize, bank.scoring.sigma)
    results.push({ imageScore, patchScores, pixelMap, timing: { searchMs, mapMs: performance.now() - mapStarted } })
  }
  return results
}

/** One image's features [1, H, W, D] or [H, W, D]. */
export async function scoreOneImage(bank: PreparedInspectionBank, features: FloatTensor, imageSize: number): Promise<OneImageScore> {
  return (await scoreImages(bank, features, imageSize))[0] as OneImageScore
}
