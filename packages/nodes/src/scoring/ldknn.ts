import type { BlockedSearchOptions, Matrix } from './blocked-knn'
import { blockedKnn } from './blocked-knn'
import type { DistanceTopKRunner } from './distance-topk'
import { type DensityBank, type DensityCache, fillDensities } from './local-density'

/** Options of LDKNN scoring besides the data. */
export interface LdknnOptions extends Omit<BlockedSearchOptions, 'k' | 'onBlock'> {
  /** K of the local density. */
  k: number
  /** Weight of the density term. */
  alpha: number
  /** Progress per block of each phase. */
  onProgress?: (phase: 'nearest' | 'density', done: number, total: number) => void
}

/** Patch scores and what was computed for them. */
export interface LdknnResult {
  scores: Float32Array
  /** Nearest core entry of each query. */
  nearest: Int32Array
  /** Squared L2 distance of each query to that entry: the plain nearest-neighbour score. */
  nearestDistances: Float32Array
  /** Densities computed by this call (the rest came from the cache). */
  densitiesComputed: number
  /** Wall time of the nearest-neighbour search and of the density search, in ms. */
  nearestMs: number
  densityMs: number
}

/**
 * LDKNN (REB-METHOD 7.3): s(q) = d(q, c_j*) - alpha * rho_j*, with j* the nearest core entry by
 * squared L2 and rho the mean squared distance of c_j* to its K nearest other full-bank entries.
 * Densities are computed only for the distinct j* and kept in `cache` for later calls.
 */
export async function scoreLdknn(
  run: DistanceTopKRunner,
  queries: Matrix,
  bank: DensityBank,
  cache: DensityCache,
  options: LdknnOptions,
): Promise<LdknnResult> {
  if (cache.k !== options.k) throw new RangeError(`ldknn: density cache holds K = ${cache.k}, scoring asks K = ${options.k}`)
  const started = Date.now()
  const search = { queryBlock: options.queryBlock, bankBlock: options.bankBlock, signal: options.signal }
  const nn = await blockedKnn(run, queries, bank.core, {
    ...search,
    k: 1,
    onBlock: (done, total) => options.onProgress?.('nearest', done, total),
  })
  const nearestMs = Date.now() - started
  const distinct = Int32Array.from(new Set(nn.indices)).sort()
  const densitiesComputed = await fillDensities(run, bank, distinct, cache, {
    ...search,
    onBlock: (done, total) => options.onProgress?.('density', done, total),
  })
  const densityMs = Date.now() - started - nearestMs
  const scores = new Float32Array(queries.rows)
  for (let q = 0; q < queries.rows; q++) {
    scores[q] = (nn.distances[q] as number) - options.alpha * (cache.rho[nn.indices[q] as number] as number)
  }
  return { scores, nearest: nn.indices, nearestDistances: nn.distances, densitiesComputed, nearestMs, densityMs }
}
