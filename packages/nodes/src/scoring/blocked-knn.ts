import { throwIfCancelled } from '../contract/errors'
import { type DistanceTopKRunner, rowSquaredNorms } from './distance-topk'

/** How a blocked search is cut and observed. */
export interface BlockedSearchOptions {
  k: number
  /** Queries per onnxruntime call; memory per call is about queryBlock x bankBlock x 4 bytes. */
  queryBlock: number
  /** Bank rows per onnxruntime call. */
  bankBlock: number
  signal?: AbortSignal
  /** Called after every block with blocks done and blocks in all. */
  onBlock?: (done: number, total: number) => void
}

/** Exact k nearest neighbours of every query: squared L2 distances ascending, and bank row indices. */
export interface KnnResult {
  k: number
  /** [queries, k] squared distances, ascending per query. */
  distances: Float32Array
  /** [queries, k] bank row indices (lower index first among equal distances). */
  indices: Int32Array
}

/** A row-major [rows, dim] matrix. */
export interface Matrix {
  data: Float32Array
  rows: number
  dim: number
}

/**
 * Exact k-NN by squared L2 as blocked matrix products on onnxruntime: ||q||^2 + ||b||^2 - 2 q.b per
 * (query block, bank block), clamped at 0, top-k inside the block, then merged across bank blocks here.
 * Memory is bounded by the block sizes whatever the bank size; progress and cancellation per block.
 * `bankNorms` may be passed in when the caller already has them (the bank is searched many times).
 */
export async function blockedKnn(
  run: DistanceTopKRunner,
  queries: Matrix,
  bank: Matrix,
  options: BlockedSearchOptions,
  bankNorms: Float32Array = rowSquaredNorms(bank.data, bank.dim),
): Promise<KnnResult> {
  const { k, queryBlock, bankBlock } = options
  if (queries.dim !== bank.dim) throw new RangeError(`knn: queries have ${queries.dim} dims, the bank ${bank.dim}`)
  if (k < 1 || k > bank.rows) throw new RangeError(`knn: expected 1 <= k <= bank size ${bank.rows}, found k = ${k}`)
  const dim = bank.dim
  const distances = new Float32Array(queries.rows * k).fill(Number.POSITIVE_INFINITY)
  const indices = new Int32Array(queries.rows * k).fill(-1)
  const queryNorms = rowSquaredNorms(queries.data, dim)
  const bankBlocks = Math.ceil(bank.rows / bankBlock)
  const queryBlocks = Math.ceil(queries.rows / queryBlock)
  let done = 0
  for (let b0 = 0; b0 < bank.rows; b0 += bankBlock) {
    const b1 = Math.min(b0 + bankBlock, bank.rows)
    const bankRows = bank.data.subarray(b0 * dim, b1 * dim)
    const norms = bankNorms.subarray(b0, b1)
    for (let q0 = 0; q0 < queries.rows; q0 += queryBlock) {
      throwIfCancelled(options.signal ?? new AbortController().signal)
      const q1 = Math.min(q0 + queryBlock, queries.rows)
      const block = await run(queries.data.subarray(q0 * dim, q1 * dim), bankRows, norms, k)
      const blockK = Math.min(k, b1 - b0)
      mergeBlock({ distances, indices, k }, block.values, block.indices, { q0, q1, blockK, offset: b0, queryNorms })
      done += 1
      options.onBlock?.(done, bankBlocks * queryBlocks)
    }
  }
  return { k, distances, indices }
}

interface MergeSpan {
  q0: number
  q1: number
  blockK: number
  /** Index of the block's first bank row. */
  offset: number
  queryNorms: Float32Array
}

/**
 * Merges one block's sorted top-k (partial distances) into the running sorted top-k of each query.
 * Earlier blocks win ties, so among equal distances the lower bank index is kept.
 */
function mergeBlock(best: KnnResult, values: Float32Array, blockIndices: BigInt64Array, span: MergeSpan): void {
  const { k } = best
  const mergedD = new Float32Array(k)
  const mergedI = new Int32Array(k)
  for (let q = span.q0; q < span.q1; q++) {
    const row = (q - span.q0) * span.blockK
    const qn = span.queryNorms[q] as number
    let a = q * k
    let b = 0
    for (let out = 0; out < k; out++) {
      const candidate = b < span.blockK ? Math.max((values[row + b] as number) + qn, 0) : Number.POSITIVE_INFINITY
      const current = best.distances[a] as number
      if (a < (q + 1) * k && current <= candidate) {
        mergedD[out] = current
        mergedI[out] = best.indices[a] as number
        a += 1
      } else {
        mergedD[out] = Math.fround(candidate)
        mergedI[out] = Number(blockIndices[row + b] as bigint) + span.offset
        b += 1
      }
    }
    best.distances.set(mergedD, q * k)
    best.indices.set(mergedI, q * k)
  }
}
