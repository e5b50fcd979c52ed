import type { SeededRandom } from '../contract/random'
import { type AnchorList, createCenterList, createStartList, dropMoved, refreshRadius } from './anchor-lists'
import { squaredDistanceBelow } from './row-distance'

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

/** `count` distinct indices in [0, n), drawn without replacement. */
function distinctIndices(n: number, count: number, rng: SeededRandom): number[] {
  const chosen = new Set<number>()
  while (chosen.size < Math.min(count, n)) chosen.add(rng.int(0, n - 1))
  return [...chosen]
}

// Relative and absolute slack on triangle-inequality skips: distances are rounded, and a skip must
// never drop a point the plain loop would lower. Near-ties are left to the exact comparison.
const SLACK = 1 + 1e-6
const SLACK_ABS = 1e-12

/** Running state: each point's distance to the selection, its anchor and the anchors' sorted lists. */
interface GreedyState {
  points: Float32Array
  dim: number
  minDist: Float64Array
  /** Each point's anchor: a position in `anchors`. */
  owner: Int32Array
  /** Rows of the anchors (start points, then centers in selection order), contiguous. */
  anchorRows: Float32Array
  anchors: AnchorList[]
  centers: number[]
  /** Scratch for one pick: points moved to the new center and their distances, and a moved flag per scanned entry. */
  movedPoints: Int32Array
  movedDist: Float64Array
  moved: Uint8Array
}

/** The point with the largest running minimum distance, lowest index on ties (as torch.argmax). */
function nextPick(state: GreedyState): number {
  let value = Number.NEGATIVE_INFINITY
  let index = -1
  for (const list of state.anchors) {
    if (list.farthest < 0) continue
    if (list.radius > value || (list.radius === value && list.farthest < index)) {
      value = list.radius
      index = list.farthest
    }
  }
  return index
}

/**
 * Offers the new center to the scannable prefix of one anchor's list (entries whose key exceeds the
 * anchor's distance `gap` to the center); points it is strictly nearer to move to the scratch lists.
 */
function offerToAnchor(state: GreedyState, id: number, gap: number, pick: number, movedCount: number): number {
  const { points, dim, minDist } = state
  const list = state.anchors[id] as AnchorList
  const slot = state.anchors.length
  const threshold = gap - SLACK_ABS
  let scanEnd = list.head
  while (scanEnd < list.end && (list.keys[scanEnd] as number) * SLACK > threshold) scanEnd += 1
  if (scanEnd === list.head) return movedCount
  const moved = state.moved
  let count = movedCount
  let any = false
  for (let e = list.head; e < scanEnd; e++) {
    const i = list.items[e] as number
    const current = minDist[i] as number
    // the 1e-9 slack keeps the final comparison below in charge of near-ties
    const d = Math.sqrt(squaredDistanceBelow(points, i * dim, points, pick * dim, dim, current * current * (1 + 1e-9)))
    if (d < current) {
      minDist[i] = d
      state.owner[i] = slot
      state.movedPoints[count] = i
      state.movedDist[count] = d
      count += 1
      moved[e - list.head] = 1
      any = true
    } else moved[e - list.head] = 0
  }
  if (any) {
    dropMoved(list, scanEnd, moved)
    refreshRadius(list, id, state.owner, minDist)
  }
  return count
}

/** Adds one selected point and lowers every running minimum it can lower. */
function select(state: GreedyState, pick: number): void {
  const { points, dim } = state
  const slot = state.anchors.length
  state.anchorRows.set(points.subarray(pick * dim, (pick + 1) * dim), slot * dim)
  let movedCount = 0
  for (let a = 0; a < slot; a++) {
    const list = state.anchors[a] as AnchorList
    if (list.head >= list.end) continue
    // the head holds the largest key: an anchor farther than it from the pick keeps all its points
    const reach = (list.keys[list.head] as number) * SLACK + SLACK_ABS
    const gap = Math.sqrt(squaredDistanceBelow(state.anchorRows, a * dim, points, pick * dim, dim, reach * reach))
    if (gap >= reach) continue
    movedCount = offerToAnchor(state, a, gap, pick, movedCount)
  }
  const list = createCenterList(state.movedPoints, state.movedDist, movedCount)
  refreshRadius(list, slot, state.owner, state.minDist)
  state.anchors.push(list)
  state.centers.push(pick)
}

/**
 * Approximate greedy coreset (REB-METHOD 6, PatchCore `ApproximateGreedyCoresetSampler`) over already
 * projected points [n, dim]: the running minimum starts as each point's mean Euclidean distance to
 * `startPoints` random points; then the point with the largest running minimum is selected and the
 * minima are lowered by its distances, `count` times. Returns the selected indices in selection order.
 *
 * The selection is the same as the plain O(n * count) loop. Points hang from their nearest start point,
 * later from the selected entry that last lowered them, in lists sorted so that the triangle inequality
 * rules out whole anchors and the tails of the others (anchor-lists.ts): a pick computes distances only
 * to the points it might lower.
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
    for (let position = 0; position < starts.length; position++) {
      const d = Math.sqrt(squaredDistanceBelow(points, i * dim, points, (starts[position] as number) * dim, dim, Number.POSITIVE_INFINITY))
      sum += d
      if (d < (startDist[i] as number)) {
        startDist[i] = d
        nearestStart[i] = position
      }
    }
    minDist[i] = sum / starts.length
  }
  const anchorRows = new Float32Array((starts.length + count) * dim)
  starts.forEach((s, position) => anchorRows.set(points.subarray(s * dim, (s + 1) * dim), position * dim))
  const byStart: number[][] = starts.map(() => [])
  for (let i = 0; i < n; i++) (byStart[nearestStart[i] as number] as number[]).push(i)
  const anchors = byStart.map((members, position) => {
    const list = createStartList(Int32Array.from(members), startDist, minDist)
    refreshRadius(list, position, nearestStart, minDist)
    return list
  })
  const state: GreedyState = {
    points, dim, minDist, owner: nearestStart, anchorRows, anchors, centers: [],
    movedPoints: new Int32Array(n), movedDist: new Float64Array(n), moved: new Uint8Array(n),
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
