import { createRandom } from '../src/contract/random'
import type { Matrix } from '../src/scoring/blocked-knn'

/** Seeded Gaussian test matrix (shared by the scoring tests; not used by library code). */
export function randomMatrix(rows: number, dim: number, seed: string): Matrix {
  const rng = createRandom(seed)
  const data = new Float32Array(rows * dim)
  for (let i = 0; i < data.length; i++) data[i] = rng.normal()
  return { data, rows, dim }
}

/** Squared L2 distance between row i of a and row j of b, in float64. */
export function squaredDistance(a: Matrix, i: number, b: Matrix, j: number): number {
  let s = 0
  for (let c = 0; c < a.dim; c++) {
    const d = (a.data[i * a.dim + c] as number) - (b.data[j * b.dim + c] as number)
    s += d * d
  }
  return s
}

/** Brute-force sorted (distance, index) list of every bank row for query i. */
export function bruteForceNeighbours(queries: Matrix, i: number, bank: Matrix): { d: number; j: number }[] {
  const all = Array.from({ length: bank.rows }, (_, j) => ({ d: squaredDistance(queries, i, bank, j), j }))
  return all.sort((x, y) => x.d - y.d || x.j - y.j)
}
