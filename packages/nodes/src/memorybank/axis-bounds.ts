/**
 * Cheap lower bounds on distances for the greedy coreset, from every point's coordinates along a few
 * principal axes (principal-axes.ts): the distance along orthonormal directions never exceeds the
 * full distance. A bound only ever skips work whose result is certain, with a tolerance for float32
 * round-off of the coordinates, so the selection stays exactly that of the plain loop.
 */

/** Axes of the cheapest tests, read in sequence from copies kept beside the anchors and list entries. */
export const FIRST_AXES = 16

/** Coordinates [n, axes] of the points and the round-off allowance of distances computed from them. */
export interface AxisCoordinates {
  values: Float32Array
  axes: number
  /** Absolute allowance, in distance units: coordinates are float32 and the axes not exactly orthonormal. */
  tolerance: number
}

/** The squared distance of rows `a` of `xs` and `b` of `ys` along the axes (both [*, axes]). */
export function axisSquaredDistance(xs: Float32Array, a: number, ys: Float32Array, b: number, axes: number): number {
  let s = 0
  const oa = a * axes
  const ob = b * axes
  for (let c = 0; c < axes; c++) {
    const d = (xs[oa + c] as number) - (ys[ob + c] as number)
    s += d * d
  }
  return s
}

/** The smallest squared axis distance that proves a full distance of at least `limit` (plus round-off). */
export function provenAtLeast(limit: number, coordinates: AxisCoordinates): number {
  const bound = limit * (1 + 1e-5) + coordinates.tolerance
  return bound * bound
}
