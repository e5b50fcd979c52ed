import type { SeededRandom } from '../contract/random'
import { type AnchorList, createCenterList, createStartList, dropMoved, farthestOf } from './anchor-lists'
import { type AxisCoordinates, axisSquaredDistance, FIRST_AXES, provenAtLeast } from './axis-bounds'
import { FarthestTree } from './farthest-tree'
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
  /**
   * The points' coordinates along a few principal axes (axis-bounds.ts), for cheap lower bounds that
   * skip most distance computations; they change the speed, never the selection.
   */
  coordinates?: AxisCoordinates
}

/** `count` distinct indices in [0, n), drawn without replacement. */
function distinctIndices(n: number, count: number, rng: SeededRandom): number[] {
  const chosen = new Set<number>()
  while (chosen.size < Math.min(count, n)) chosen.add(rng.int(0, n - 1))
  return [...chosen]
}

/** Axes of the first test of every anchor against each pick (the anchor table is streamed once per pick). */
const ANCHOR_AXES = 4

// Relative and absolute slack on triangle-inequality skips: distances are rounded, and a skip must
// never drop a point the plain loop would lower. Near-ties are left to the exact comparison.
const SLACK = 1 + 1e-6
const SLACK_ABS = 1e-12

/**
 * Per-anchor values in flat arrays (anchor = start point, then centers in selection order), so that the
 * test of every anchor against a new pick streams through memory instead of visiting list objects.
 */
interface AnchorTable {
  lists: AnchorList[]
  /** The largest key of each list (x slack), -1 when the list is empty: farther anchors keep their points. */
  reach: Float64Array
  /** Each list's farthest point and its running minimum (-1 / 0 when empty). */
  farthest: Int32Array
  radius: Float64Array
  rows: Float32Array
  coordinates: Float32Array
  /** The first ANCHOR_AXES coordinates of each anchor: read for every anchor on every pick, so kept narrow. */
  firstAxes: Float32Array
  /** The argmax over the anchors' farthest points (torch.argmax order). */
  tree: FarthestTree
}

/** Running state: each point's distance to the selection, its anchor and the anchors. */
interface GreedyState {
  points: Float32Array
  dim: number
  minDist: Float64Array
  /** Each point's anchor: a position in the anchor table. */
  owner: Int32Array
  anchors: AnchorTable
  anchorCount: number
  coordinates: AxisCoordinates
  centers: number[]
  /** Scratch for one pick: points moved to the new center and their distances, and a moved flag per scanned entry. */
  movedPoints: Int32Array
  movedDist: Float64Array
  moved: Uint8Array
  /** Axes of the cheapest tests (FIRST_AXES or fewer), and the current pick's coordinates along them. */
  firstAxes: number
  pickNear: Float64Array
}

/** Refreshes the table's reach, farthest point and radius of anchor `a` after its list changed. */
function refreshAnchor(state: GreedyState, a: number): void {
  const list = state.anchors.lists[a] as AnchorList
  const f = farthestOf(list, a, state.owner)
  state.anchors.farthest[a] = f
  state.anchors.radius[a] = f < 0 ? 0 : (state.minDist[f] as number)
  state.anchors.reach[a] = f < 0 ? -1 : (list.keys[list.head] as number) * SLACK + SLACK_ABS
  state.anchors.tree.update(a)
}

/**
 * Offers the new center to the scannable prefix of one anchor's list (entries whose key exceeds the
 * anchor's distance `gap` to the center); points it is strictly nearer to move to the scratch lists.
 */
function offerToAnchor(state: GreedyState, a: number, gap: number, pick: number, movedCount: number): number {
  const { points, dim, minDist, coordinates, owner, movedPoints, movedDist, moved } = state
  const list = state.anchors.lists[a] as AnchorList
  const { items, keys, near, head } = list
  const threshold = gap - SLACK_ABS
  let scanEnd = head
  while (scanEnd < list.end && (keys[scanEnd] as number) * SLACK > threshold) scanEnd += 1
  const slot = state.anchorCount
  const first = state.firstAxes
  const pickNear = state.pickNear
  const { values, axes } = coordinates
  // provenAtLeast(m) = (m (1 + 1e-5) + tolerance)^2, inlined: this loop meets most of the points early on
  const tolerance = coordinates.tolerance
  let count = movedCount
  for (let e = head; e < scanEnd; e++) {
    const i = items[e] as number
    const current = minDist[i] as number
    moved[e - head] = 0
    const bound = current * (1 + 1e-5) + tolerance
    const proven = bound * bound
    let s = 0
    const base = e * first
    for (let c = 0; c < first; c++) {
      const d = (near[base + c] as number) - (pickNear[c] as number)
      s += d * d
    }
    if (s >= proven) continue
    if (axisSquaredDistance(values, i, values, pick, axes) >= proven) continue
    // the 1e-9 slack keeps the final comparison below in charge of near-ties
    const d = Math.sqrt(squaredDistanceBelow(points, i * dim, points, pick * dim, dim, current * current * (1 + 1e-9)))
    if (d < current) {
      minDist[i] = d
      owner[i] = slot
      movedPoints[count] = i
      movedDist[count] = d
      count += 1
      moved[e - head] = 1
    }
  }
  if (count > movedCount) {
    dropMoved(list, scanEnd, moved)
    refreshAnchor(state, a)
  }
  return count
}

/** Offers the pick to anchor `a` unless a bound proves the pick out of its reach; returns the moved count. */
function offerIfInReach(state: GreedyState, a: number, pick: number, reach: number, movedCount: number): number {
  const { points, dim, coordinates } = state
  if (axisSquaredDistance(state.anchors.coordinates, a, coordinates.values, pick, coordinates.axes) >= provenAtLeast(reach, coordinates)) return movedCount
  const gap = Math.sqrt(squaredDistanceBelow(state.anchors.rows, a * dim, points, pick * dim, dim, reach * reach))
  if (gap >= reach) return movedCount
  return offerToAnchor(state, a, gap, pick, movedCount)
}

/** Adds one selected point and lowers every running minimum it can lower. */
function select(state: GreedyState, pick: number): void {
  const { points, dim, coordinates, anchors } = state
  const slot = state.anchorCount
  const axes = coordinates.axes
  const first = Math.min(ANCHOR_AXES, axes)
  const pickFirst = coordinates.values.subarray(pick * axes, pick * axes + first)
  state.pickNear.set(coordinates.values.subarray(pick * axes, pick * axes + state.firstAxes))
  let movedCount = 0
  for (let a = 0; a < slot; a++) {
    const reach = anchors.reach[a] as number
    if (reach < 0) continue
    // along the first axes only: the cheapest proof that the pick is out of reach
    let s = 0
    for (let c = 0; c < first; c++) {
      const d = (anchors.firstAxes[a * first + c] as number) - (pickFirst[c] as number)
      s += d * d
    }
    if (s >= provenAtLeast(reach, coordinates)) continue
    movedCount = offerIfInReach(state, a, pick, reach, movedCount)
  }
  anchors.rows.set(points.subarray(pick * dim, (pick + 1) * dim), slot * dim)
  anchors.coordinates.set(coordinates.values.subarray(pick * axes, (pick + 1) * axes), slot * axes)
  anchors.firstAxes.set(pickFirst, slot * first)
  anchors.lists.push(createCenterList(state.movedPoints, state.movedDist, movedCount, coordinates))
  state.anchorCount += 1
  refreshAnchor(state, slot)
  state.centers.push(pick)
}

/** The table with the start points' lists: points hang from their nearest start point, keyed by r_i + m_i. */
function startTable(state: Pick<GreedyState, 'points' | 'dim' | 'minDist' | 'owner' | 'coordinates'>, starts: number[], startDist: Float64Array, count: number): AnchorTable {
  const { points, dim, coordinates } = state
  const capacity = starts.length + count
  const first = Math.min(ANCHOR_AXES, coordinates.axes)
  const farthest = new Int32Array(capacity).fill(-1)
  const radius = new Float64Array(capacity)
  const table: AnchorTable = {
    lists: [],
    reach: new Float64Array(capacity).fill(-1),
    farthest,
    radius,
    tree: new FarthestTree(capacity, farthest, radius),
    rows: new Float32Array(capacity * dim),
    coordinates: new Float32Array(capacity * coordinates.axes),
    firstAxes: new Float32Array(capacity * first),
  }
  const members: number[][] = starts.map(() => [])
  for (let i = 0; i < state.owner.length; i++) (members[state.owner[i] as number] as number[]).push(i)
  starts.forEach((s, a) => {
    table.rows.set(points.subarray(s * dim, (s + 1) * dim), a * dim)
    table.coordinates.set(coordinates.values.subarray(s * coordinates.axes, (s + 1) * coordinates.axes), a * coordinates.axes)
    table.firstAxes.set(coordinates.values.subarray(s * coordinates.axes, s * coordinates.axes + first), a * first)
    table.lists.push(createStartList(Int32Array.from(members[a] as number[]), startDist, state.minDist, coordinates))
  })
  return table
}

/**
 * Approximate greedy coreset (REB-METHOD 6, PatchCore `ApproximateGreedyCoresetSampler`) over already
 * projected points [n, dim]: the running minimum starts as each point's mean Euclidean distance to
 * `startPoints` random points; then the point with the largest running minimum is selected and the
 * minima are lowered by its distances, `count` times. Returns the selected indices in selection order.
 *
 * The selection is the same as the plain O(n * count) loop. Points hang from their nearest start point,
 * later from the selected entry that last lowered them, in lists sorted so that the triangle inequality
 * rules out whole anchors and the tails of the others (anchor-lists.ts), and distances along a few
 * principal axes rule out most of what is left (axis-bounds.ts): a pick computes full distances only to
 * the points it might lower.
 */
export async function greedyCoreset(points: Float32Array, dim: number, options: GreedyCoresetOptions): Promise<Int32Array> {
  const n = points.length / dim
  const count = Math.min(options.count, n)
  const starts = distinctIndices(n, options.startPoints, options.rng)
  const minDist = new Float64Array(n)
  const owner = new Int32Array(n)
  const startDist = new Float64Array(n).fill(Number.POSITIVE_INFINITY)
  for (let i = 0; i < n; i++) {
    let sum = 0
    for (let position = 0; position < starts.length; position++) {
      const d = Math.sqrt(squaredDistanceBelow(points, i * dim, points, (starts[position] as number) * dim, dim, Number.POSITIVE_INFINITY))
      sum += d
      if (d < (startDist[i] as number)) {
        startDist[i] = d
        owner[i] = position
      }
    }
    minDist[i] = sum / starts.length
  }
  // without coordinates the bounds prove nothing and every anchor gets the exact tests
  const coordinates = options.coordinates ?? { values: new Float32Array(n), axes: 1, tolerance: Number.POSITIVE_INFINITY }
  const base = { points, dim, minDist, owner, coordinates }
  const state: GreedyState = {
    ...base, anchors: startTable(base, starts, startDist, count), anchorCount: starts.length, centers: [],
    movedPoints: new Int32Array(n), movedDist: new Float64Array(n), moved: new Uint8Array(n),
    firstAxes: Math.min(FIRST_AXES, coordinates.axes), pickNear: new Float64Array(Math.min(FIRST_AXES, coordinates.axes)),
  }
  for (let a = 0; a < starts.length; a++) refreshAnchor(state, a)
  const progressEvery = Math.max(1, Math.floor(count / 100))
  for (let s = 0; s < count; s++) {
    select(state, state.anchors.tree.best())
    if ((s + 1) % progressEvery === 0 || s + 1 === count) {
      // let a cancel request (an HTTP call, a signal) be delivered before reporting
      await new Promise((resolve) => setImmediate(resolve))
      options.onProgress?.(s + 1, count)
    }
  }
  return Int32Array.from(state.centers)
}
