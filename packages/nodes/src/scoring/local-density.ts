import type { BlockedSearchOptions, Matrix } from './blocked-knn'
import { blockedKnn } from './blocked-knn'
import type { DistanceTopKRunner } from './distance-topk'

/**
 * Local densities of core entries (REB-METHOD 7.2), computed only for the entries asked for and
 * remembered: rho[j] = mean squared distance from core entry j to its K nearest *other* full-bank
 * entries, NaN while unknown. A bank entry's density is needed only where it is some query's nearest
 * neighbour, so computing on demand is exact and usually far cheaper than the whole bank.
 */
export interface DensityCache {
  k: number
  rho: Float32Array
}

/** An empty cache for a core of `coreSize` entries and a given K. */
export function createDensityCache(coreSize: number, k: number): DensityCache {
  return { k, rho: new Float32Array(coreSize).fill(Number.NaN) }
}

/** The bank as LDKNN sees it: the core queries match, the full bank densities are measured in. */
export interface DensityBank {
  core: Matrix
  full: Matrix
  /** Full-bank row of each core entry; undefined when the core is the full bank. */
  coreToFull?: Int32Array
  fullNorms: Float32Array
}

/**
 * Fills `cache.rho` for the listed core entries that are not known yet. Each is searched for its
 * K + 1 nearest full-bank entries and the self-match is removed by index (not by testing for a zero
 * distance, which round-off can miss; REB-METHOD 11.5); when the self is not among them (more than K
 * exact duplicates) the K nearest are all duplicates and the first K are kept.
 */
export async function fillDensities(
  run: DistanceTopKRunner,
  bank: DensityBank,
  wanted: Int32Array,
  cache: DensityCache,
  search: Omit<BlockedSearchOptions, 'k'>,
): Promise<number> {
  const missing = wanted.filter((j) => Number.isNaN(cache.rho[j] as number))
  if (missing.length === 0) return 0
  const { dim } = bank.core
  const queries = new Float32Array(missing.length * dim)
  missing.forEach((j, row) => queries.set(bank.core.data.subarray(j * dim, (j + 1) * dim), row * dim))
  const k = cache.k
  const found = await blockedKnn(run, { data: queries, rows: missing.length, dim }, bank.full, { ...search, k: k + 1 }, bank.fullNorms)
  missing.forEach((j, row) => {
    const self = bank.coreToFull ? (bank.coreToFull[j] as number) : j
    let sum = 0
    let taken = 0
    for (let n = 0; n < k + 1 && taken < k; n++) {
      if (found.indices[row * (k + 1) + n] === self) continue
      sum += found.distances[row * (k + 1) + n] as number
      taken += 1
    }
    cache.rho[j] = sum / k
  })
  return missing.length
}
