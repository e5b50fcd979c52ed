import type { BlockedSearchOptions, Matrix } from './blocked-knn'
import { blockedKnn } from './blocked-knn'
import type { DistanceTopKRunner } from './distance-topk'

/**
 * Plain kNN scoring (REB-METHOD 7.4 `knn`): the mean of the K smallest squared L2 distances from
 * each query to the bank. K = 1 is PatchCore's nearest-neighbour distance (squared).
 */
export async function scoreKnn(run: DistanceTopKRunner, queries: Matrix, bank: Matrix, options: BlockedSearchOptions): Promise<Float32Array> {
  const { k } = options
  const nn = await blockedKnn(run, queries, bank, options)
  const scores = new Float32Array(queries.rows)
  for (let q = 0; q < queries.rows; q++) {
    let sum = 0
    for (let n = 0; n < k; n++) sum += nn.distances[q * k + n] as number
    scores[q] = sum / k
  }
  return scores
}
