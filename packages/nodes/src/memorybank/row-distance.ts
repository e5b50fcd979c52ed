/**
 * Squared Euclidean distance of the rows at offsets `oa` of `xs` and `ob` of `ys`, or Infinity as soon
 * as a partial sum reaches `limit`: most candidates are far from a new center, and stopping early is
 * exact because the partial sums only grow. Summed in float64 in index order, so every caller gets the
 * same value for the same pair.
 */
export function squaredDistanceBelow(xs: Float32Array, oa: number, ys: Float32Array, ob: number, dim: number, limit: number): number {
  let s = 0
  for (let c = 0; c < dim; c++) {
    const d = (xs[oa + c] as number) - (ys[ob + c] as number)
    s += d * d
    if ((c & 15) === 15 && s >= limit) return Number.POSITIVE_INFINITY
  }
  return s
}
