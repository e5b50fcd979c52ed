import type { FloatTensor } from '@inspectflow/nodes'

/** Candidates closer than this (relative) to the nearest distance count as a tie under float32 rounding. */
const TIE = 1e-3

/** The `count` nearest rows of `bank` to `query`, by exact squared distance (summed in float64). */
function nearestRows(query: ArrayLike<number>, bank: FloatTensor, count: number): [number, number][] {
  const [rows, dim] = bank.shape as [number, number]
  const best: [number, number][] = []
  for (let j = 0; j < rows; j++) {
    let sum = 0
    const offset = j * dim
    for (let t = 0; t < dim; t++) {
      const d = (query[t] as number) - (bank.data[offset + t] as number)
      sum += d * d
    }
    if (best.length < count || sum < (best[best.length - 1] as [number, number])[0]) {
      best.push([sum, j])
      best.sort((a, b) => a[0] - b[0])
      if (best.length > count) best.pop()
    }
  }
  return best
}

/**
 * The LDKNN scores a search could have given a patch whose nearest bank entries are tied to float32
 * rounding: for each of the three nearest entries within 1e-3 of the nearest distance, its distance
 * minus its density with the self-match removed and with it kept (the reference's two outcomes). Exact
 * and slow (a pass over the whole bank per entry): for the few patches the searches disagree on.
 */
export function nearTieScores(query: ArrayLike<number>, bank: FloatTensor, k: number): number[] {
  const dim = bank.shape[1] as number
  const nearest = nearestRows(query, bank, 3)
  const first = (nearest[0] as [number, number])[0]
  const scores: number[] = []
  for (const [distance, row] of nearest) {
    if (distance - first > TIE * Math.max(first, 1)) continue
    const neighbours = nearestRows(bank.data.subarray(row * dim, (row + 1) * dim), bank, k + 1).map(([d]) => d)
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / k
    scores.push(distance - mean(neighbours.slice(1, k + 1)), distance - mean(neighbours.slice(0, k)))
  }
  return scores
}
