import type { SeededRandom } from '../contract/random'

/** Options of the approximate greedy coreset (PatchCore's `ApproximateGreedyCoresetSampler`). */
export interface GreedyCoresetOptions {
  /** Number of entries to keep. */
  count: number
  /** Random starting points whose mean distance initialises the running minimum (10 in PatchCore). */
  startPoints: number
  rng: SeededRandom
  /** Called about 100 times with entries selected so far, after yielding to the event loop; may throw to cancel. */
  onProgress?: (selected: number, total: number) => void
}

function distance(points: Float32Array, dim: number, a: number, b: number): number {
  return Math.sqrt(squaredDistanceBelow(points, dim, a, b, Number.POSITIVE_INFINITY))
}

/**
 * Squared distance of two rows, or Infinity as soon as a partial sum reaches `limit`: most candidates
 * are far from the new entry, and stopping early is exact because the partial sums only grow.
 */
function squaredDistanceBelow(points: Float32Array, dim: number, a: number, b: number, limit: number): number {
  return squaredDistanceBetween(points, a * dim, points, b * dim, dim, limit)
}

/** {@link squaredDistanceBelow} for rows at offsets `oa` of `xs` and `ob` of `ys`. */
function squaredDistanceBetween(xs: Float32Array, oa: number, ys: Float32Array, ob: number, dim: number, limit: number): number {
  let s = 0
  for (let c = 0; c < dim; c++) {
    const d = (xs[oa + c] as number) - (ys[ob + c] as number)
    s += d * d
    if ((c & 15) === 15 && s >= limit) return Number.POSITIVE_INFINITY
  }
  return s
}

/** `count` distinct indices in [0, n), drawn without replacement. */
function distinctIndices(n: number, count: number, rng: SeededRandom): number[] {
  const chosen = new Set<number>()
  while (chosen.size < Math.min(count, n)) chosen.add(rng.int(0, n - 1))
  return [...chosen]
}

/** Running state: each point's distance to the selection, and the selected point it is nearest to. */
interface GreedyState {
  points: Float32Array
  dim: number
  minDist: Float64Array
  centers: number[]
  /**
   * The selected rows again, in selection order. Every new pick is tested against every center;
   * reading them from one contiguous array instead of from rows scattered over `points` halved the
   * whole selection on bottle (21,401 of 214,016 patches: 74 s instead of 142 s, same picks).
   */
  centerRows: Float32Array
  members: number[][]
  /** Points grouped by the selected entry they are nearest to (index into `centers`). */
  /** Largest minDist among each center's members, and which member holds it. */
  radius: number[]
  farthest: number[]
  unassigned: number[]
  /** Start points, each unassigned point's nearest one (position in `starts`) and its distance to it. */
  starts: number[]
  nearestStart: Int32Array
  startDist: Float64Array
}

/** Recomputes the largest minDist (lowest index on ties) of a member list. */
function farthestOf(state: GreedyState, list: number[]): { value: number; index: number } {
  let value = Number.NEGATIVE_INFINITY
  let index = -1
  for (const i of list) {
    const v = state.minDist[i] as number
    if (v > value || (v === value && i < index)) {
      value = v
      index = i
    }
  }
  return { value, index }
}

/** The point with the largest running minimum distance, lowest index on ties (as torch.argmax). */
function nextPick(state: GreedyState): number {
  let best = farthestOf(state, state.unassigned)
  for (let c = 0; c < state.centers.length; c++) {
    const v = state.radius[c] as number
    const i = state.farthest[c] as number
    if (v > best.value || (v === best.value && i < best.index)) best = { value: v, index: i }
  }
  return best.index
}

/**
 * Offers the new center to a list of points; returns those that stay in the list. `gapOf(i)` is the
 * distance from the new center to an anchor of point i whose distance to i is `anchorDist(i)`:
 * by the triangle inequality d(i, new) >= gap - anchorDist, so when gap >= current + anchorDist the
 * new center cannot lower the point's minimum and its distance is never computed.
 */
function offer(
  state: GreedyState,
  list: number[],
  center: number,
  centerSlot: number,
  bound?: { gapOf: (i: number) => number; anchorDist: (i: number) => number },
): number[] {
  const stay: number[] = []
  for (const i of list) {
    const current = state.minDist[i] as number
    if (bound && bound.gapOf(i) >= (current + bound.anchorDist(i)) * (1 + 1e-6) + 1e-12) {
      stay.push(i)
      continue
    }
    // the 1e-9 slack keeps the final comparison below in charge of near-ties
    const squared = squaredDistanceBelow(state.points, state.dim, i, center, current * current * (1 + 1e-9))
    const d = Math.sqrt(squared)
    if (d < current) {
      state.minDist[i] = d
      ;(state.members[centerSlot] as number[]).push(i)
    } else stay.push(i)
  }
  return stay
}

/** Adds one selected point and updates every running minimum it can lower. */
function select(state: GreedyState, pick: number): void {
  const slot = state.centers.length
  state.centers.push(pick)
  state.centerRows.set(state.points.subarray(pick * state.dim, (pick + 1) * state.dim), slot * state.dim)
  state.members.push([])
  state.radius.push(0)
  state.farthest.push(pick)
  // unassigned points are anchored at their nearest start point
  const startGaps = state.starts.map((s) => distance(state.points, state.dim, s, pick))
  state.unassigned = offer(state, state.unassigned, pick, slot, {
    gapOf: (i) => startGaps[state.nearestStart[i] as number] as number,
    anchorDist: (i) => state.startDist[i] as number,
  })
  for (let c = 0; c < slot; c++) {
    const reach = 2 * (state.radius[c] as number) * (1 + 1e-6) + 1e-12
    const gap = Math.sqrt(squaredDistanceBetween(state.centerRows, c * state.dim, state.points, pick * state.dim, state.dim, reach * reach))
    if (gap >= reach) continue
    // assigned points are anchored at their own center, at distance minDist
    state.members[c] = offer(state, state.members[c] as number[], pick, slot, { gapOf: () => gap, anchorDist: (i) => state.minDist[i] as number })
    const far = farthestOf(state, state.members[c] as number[])
    state.radius[c] = far.index < 0 ? 0 : far.value
    state.farthest[c] = far.index < 0 ? (state.centers[c] as number) : far.index
  }
  const own = farthestOf(state, state.members[slot] as number[])
  state.radius[slot] = own.index < 0 ? 0 : own.value
  state.farthest[slot] = own.index < 0 ? pick : own.index
}

/**
 * Approximate greedy coreset (REB-METHOD 6, PatchCore `ApproximateGreedyCoresetSampler`) over already
 * projected points [n, dim]: the running minimum starts as each point's mean Euclidean distance to
 * `startPoints` random points; then the point with the largest running minimum is selected and the
 * minima are lowered by its distances, `count` times. Returns the selected indices in selection order.
 *
 * The selection is the same as the plain O(n * count) loop; points are grouped by their nearest
 * selected entry, and the triangle inequality skips groups and points the new entry cannot be nearer
 * to, which removes most of the distance computations.
 */
export async function greedyCoreset(points: Float32Array, dim: number, options: GreedyCoresetOptions): Promise<Int32Array> {
  const n = points.length / dim
  const count = Math.min(options.count, n)
  const starts = distinctIndices(n, options.startPoints, options.rng)
  const minDist = new Float64Array(n)
  const nearestStart = new Int32Array(n)
  const startDist = new Float64Array(n).fill(Number.POSITIVE_INFINITY)
  for (let i = 0; i < n; i++) {
    let sum = 0
    starts.forEach((s, position) => {
      const d = distance(points, dim, i, s)
      sum += d
      if (d < (startDist[i] as number)) {
        startDist[i] = d
        nearestStart[i] = position
      }
    })
    minDist[i] = sum / starts.length
  }
  const state: GreedyState = {
    points, dim, minDist, starts, nearestStart, startDist,
    centers: [], centerRows: new Float32Array(count * dim), members: [], radius: [], farthest: [],
    unassigned: Array.from({ length: n }, (_, i) => i),
  }
  const progressEvery = Math.max(1, Math.floor(count / 100))
  for (let s = 0; s < count; s++) {
    select(state, nextPick(state))
    if ((s + 1) % progressEvery === 0 || s + 1 === count) {
      // let a cancel request (an HTTP call, a signal) be delivered before reporting
      await new Promise((resolve) => setImmediate(resolve))
      options.onProgress?.(s + 1, count)
    }
  }
  return Int32Array.from(state.centers)
}
