import type { FloatTensor } from '../contract/tensor'
import { DEFAULT_SEARCH_BLOCKS, type Engines, type SearchBlocks } from '../engine/engines'
import type { MemoryBankValue } from '../memorybank/memorybank-value'
import { imageScoreFromPatches } from './anomaly-maps'
import { blockedKnn, type Matrix } from './blocked-knn'
import { createDistanceTopK, type DistanceTopKRunner, rowSquaredNorms } from './distance-topk'
import { createDensityCache, fillDensities } from './local-density'
import { fastPixelMap } from './pixel-map-operator'

/**
 * Scoring single images against a fitted bank outside a graph (inspection packages, the server's
 * inspect route): the same search as score.ldknn / score.knn and the same reductions as anomaly.map,
 * with every per-bank cost (norms, densities, the onnxruntime session) paid once.
 */

/** How the graph scored: score.ldknn or score.knn params plus anomaly.map params. */
export interface InspectionScoring {
  scorer: 'ldknn' | 'knn'
  /** ldknn: K of the local densities; knn: neighbours averaged (score.knn k). */
  k: number
  /** ldknn only: weight of the density term. */
  alpha: number
  imageScore: 'block-mean-max' | 'max'
  /** Gaussian blur of the pixel maps, in pixels. */
  sigma: number
  /** Where the pixel map comes from: the image-score patch scores, or LDKNN's plain nearest distances. */
  mapScores: 'patchScores' | 'nearestDistances'
}

/**
 * The local density of EVERY core entry, as score.ldknn computes them on demand (REB-METHOD 7.2):
 * computed once when a package is exported, so scoring an image needs no full-bank search.
 */
export async function computeCoreDensities(
  engines: Engines,
  bank: MemoryBankValue,
  k: number,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<Float32Array> {
  const dim = bank.core.shape[1] as number
  const core = { data: bank.core.data, rows: bank.core.shape[0] as number, dim }
  const full = bank.full ? { data: bank.full.data, rows: bank.full.shape[0] as number, dim } : core
  if (k + 1 > full.rows) throw new RangeError(`computeCoreDensities: K + 1 = ${k + 1} neighbours asked of a bank of ${full.rows} entries`)
  const run = await createDistanceTopK(engines, dim)
  const cache = createDensityCache(core.rows, k)
  const every = Int32Array.from({ length: core.rows }, (_, i) => i)
  const blocks = engines.options.searchBlocks ?? DEFAULT_SEARCH_BLOCKS
  const search = { ...blocks, ...(options.signal ? { signal: options.signal } : {}), ...(options.onProgress ? { onBlock: options.onProgress } : {}) }
  await fillDensities(run, { core, full, coreToFull: bank.coreIndices?.data, fullNorms: rowSquaredNorms(full.data, dim) }, every, cache, search)
  return cache.rho
}

/** A bank made ready for repeated scoring; keep it for as long as the package stays loaded. */
export interface PreparedInspectionBank {
  readonly core: Matrix
  readonly norms: Float32Array
  readonly densities?: Float32Array
  readonly scoring: InspectionScoring
  readonly run: DistanceTopKRunner
  readonly blocks: SearchBlocks
}

/** Checks the bank and scoring against each other and builds the search session once. */
export async function prepareInspectionBank(
  engines: Engines,
  bank: { core: Float32Array; rows: number; dim: number; densities?: Float32Array },
  scoring: InspectionScoring,
): Promise<PreparedInspectionBank> {
  if (bank.core.length !== bank.rows * bank.dim) throw new RangeError(`prepareInspectionBank: core has ${bank.core.length} values, ${bank.rows} x ${bank.dim} expected`)
  if (scoring.scorer === 'ldknn') {
    if (bank.densities?.length !== bank.rows) throw new RangeError(`prepareInspectionBank: LDKNN needs ${bank.rows} core densities (computeCoreDensities), found ${bank.densities?.length ?? 0}`)
    if (bank.densities.some(Number.isNaN)) throw new RangeError('prepareInspectionBank: some core densities are NaN (not computed)')
  } else if (scoring.mapScores === 'nearestDistances') {
    throw new RangeError('prepareInspectionBank: mapScores "nearestDistances" is an output of score.ldknn; score.knn maps come from its patch scores')
  }
  const k = scoring.scorer === 'knn' ? scoring.k : 1
  if (k < 1 || k > bank.rows) throw new RangeError(`prepareInspectionBank: k = ${k} neighbours asked of a core of ${bank.rows} entries`)
  // the machine's blocks, as the scoring nodes use them: the same onnxruntime products, the same numbers
  const blocks = engines.options.searchBlocks ?? DEFAULT_SEARCH_BLOCKS
  return {
    core: { data: bank.core, rows: bank.rows, dim: bank.dim },
    norms: rowSquaredNorms(bank.core, bank.dim),
    ...(bank.densities ? { densities: bank.densities } : {}),
    scoring,
    run: await createDistanceTopK(engines, bank.dim),
    blocks,
  }
}

/** One image's scores, as anomaly.map gives them for that image. */
export interface OneImageScore {
  imageScore: number
  /** [H*W] patch scores. */
  patchScores: Float32Array
  /** [imageSize*imageSize] pixel anomaly map. */
  pixelMap: Float32Array
  /** Milliseconds per image: the nearest-neighbour search (shared by a batch, divided by its size) and the map. */
  timing: { searchMs: number; mapMs: number }
}

/** Patch scores (as score.ldknn / score.knn) and plain nearest distances of every query row. */
async function searchPatches(bank: PreparedInspectionBank, queries: Matrix): Promise<{ scores: Float32Array; nearest: Float32Array }> {
  const { scoring } = bank
  const k = scoring.scorer === 'knn' ? scoring.k : 1
  const nn = await blockedKnn(bank.run, queries, bank.core, { k, ...bank.blocks }, bank.norms)
  const scores = new Float32Array(queries.rows)
  const nearest = new Float32Array(queries.rows)
  const densities = bank.densities
  for (let q = 0; q < queries.rows; q++) {
    nearest[q] = nn.distances[q * k] as number
    if (scoring.scorer === 'ldknn' && densities) {
      scores[q] = (nn.distances[q] as number) - scoring.alpha * (densities[nn.indices[q] as number] as number)
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

/** Several images' features [N, H, W, D] (or one image's [H, W, D]) scored in one search. */
export async function scoreImages(bank: PreparedInspectionBank, features: FloatTensor, imageSize: number): Promise<OneImageScore[]> {
  const shape = features.shape.length === 3 ? [1, ...features.shape] : features.shape
  if (shape.length !== 4 || shape[3] !== bank.core.dim) {
    throw new RangeError(`scoreImages: features of shape [N, H, W, ${bank.core.dim}] expected, found [${features.shape.join(', ')}]`)
  }
  const [count, height, width, dim] = shape as [number, number, number, number]
  const started = performance.now()
  const { scores, nearest } = await searchPatches(bank, { data: features.data, rows: count * height * width, dim })
  const searchMs = (performance.now() - started) / count
  const patches = height * width
  const results: OneImageScore[] = []
  for (let i = 0; i < count; i++) {
    const mapStarted = performance.now()
    const patchScores = scores.slice(i * patches, (i + 1) * patches)
    const mapSource = bank.scoring.mapScores === 'nearestDistances' ? nearest.subarray(i * patches, (i + 1) * patches) : patchScores
    const imageScore = bank.scoring.imageScore === 'max' ? maxOf(patchScores) : imageScoreFromPatches(patchScores, height, width)
    const pixelMap = fastPixelMap(mapSource, height, width, imageSize, bank.scoring.sigma)
    results.push({ imageScore, patchScores, pixelMap, timing: { searchMs, mapMs: performance.now() - mapStarted } })
  }
  return results
}

/** One image's features [1, H, W, D] or [H, W, D]. */
export async function scoreOneImage(bank: PreparedInspectionBank, features: FloatTensor, imageSize: number): Promise<OneImageScore> {
  return (await scoreImages(bank, features, imageSize))[0] as OneImageScore
}
