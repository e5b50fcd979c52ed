/**
 * The bookkeeping behind the fast exact greedy coreset: every point hangs from one anchor (a start point
 * or a selected center) at a known distance, and each anchor's points are kept in one array sorted by
 * how far a new center must be from the anchor before it can no longer lower them.
 *
 * For point i with anchor a, running minimum m_i and r_i = d(i, a), the triangle inequality gives
 * d(i, p) >= d(p, a) - r_i, so a new center p can only lower m_i when d(p, a) < r_i + m_i =: key_i.
 * Sorting each anchor's points by key descending turns "which points can p lower" into a prefix of the
 * array: the scan of an anchor stops at the first key below d(p, a), and whole anchors are skipped when
 * their largest key is. Keys never change while a point stays with its anchor (m_i changes only when the
 * point moves to the new center), so the arrays stay sorted, and points leave only from scanned prefixes.
 */
import { type AxisCoordinates, FIRST_AXES } from './axis-bounds'

/** Sorted points of one anchor. Entries [head, end) are live, keys descending, lower index first on ties. */
export interface AnchorList {
  items: Int32Array
  keys: Float64Array
  /** Each entry's first `FIRST_AXES` axis coordinates, in list order: the scan's cheapest test reads them in sequence. */
  near: Float32Array
  head: number
  end: number
  /**
   * For a start point's list (keys mix r_i and m_i): its points sorted by running minimum descending,
   * lower index first on ties, and the first entry that may still be live. Points never return to a
   * start point, so the farthest is found by moving `byRadiusHead` forward past points that left.
   * Absent for a center's list, whose keys are 2 x running minimum: its head is its farthest point.
   */
  byRadius?: Int32Array
  byRadiusHead: number
}

/** The first FIRST_AXES coordinates of `items` (coordinates are [n, axes]), in the items' order. */
function nearCoordinates(items: Int32Array, coordinates: AxisCoordinates): Float32Array {
  const first = Math.min(FIRST_AXES, coordinates.axes)
  const near = new Float32Array(items.length * first)
  for (let e = 0; e < items.length; e++) {
    const from = (items[e] as number) * coordinates.axes
    for (let c = 0; c < first; c++) near[e * first + c] = coordinates.values[from + c] as number
  }
  return near
}

/** Points sorted by `value` descending, lower index first on ties. */
function sortedByValueDescending(points: Int32Array, value: Float64Array): Int32Array {
  return points.slice().sort((a, b) => (value[b] as number) - (value[a] as number) || a - b)
}

/** A start point's list: its points with keys r_i + m_i, and their order by running minimum. */
export function createStartList(points: Int32Array, startDist: Float64Array, minDist: Float64Array, coordinates: AxisCoordinates): AnchorList {
  const keyOf = Float64Array.from(minDist, (m, i) => m + (startDist[i] as number))
  const items = sortedByValueDescending(points, keyOf)
  const keys = Float64Array.from(items, (i) => keyOf[i] as number)
  return { items, keys, near: nearCoordinates(items, coordinates), head: 0, end: items.length, byRadius: sortedByValueDescending(points, minDist), byRadiusHead: 0 }
}

/** Sorts a center's new points (parallel arrays of point and distance) into its list: key = 2 x distance. */
export function createCenterList(points: Int32Array, distances: Float64Array, count: number, coordinates: AxisCoordinates): AnchorList {
  const order = new Int32Array(count)
  for (let j = 0; j < count; j++) order[j] = j
  order.sort((a, b) => (distances[b] as number) - (distances[a] as number) || (points[a] as number) - (points[b] as number))
  const items = new Int32Array(count)
  const keys = new Float64Array(count)
  for (let j = 0; j < count; j++) {
    const from = order[j] as number
    items[j] = points[from] as number
    keys[j] = 2 * (distances[from] as number)
  }
  return { items, keys, near: nearCoordinates(items, coordinates), head: 0, end: count, byRadiusHead: 0 }
}

/**
 * The live point of list `id` with the largest running minimum (lowest index on ties), or -1 when the
 * list is empty; `owner[i]` is each point's anchor now. Equal keys are ordered by index, so a
 * center's head is also the lowest index among its farthest points.
 */
export function farthestOf(list: AnchorList, id: number, owner: Int32Array): number {
  if (list.head >= list.end) return -1
  if (!list.byRadius) return list.items[list.head] as number
  while ((owner[list.byRadius[list.byRadiusHead] as number] as number) !== id) list.byRadiusHead += 1
  return list.byRadius[list.byRadiusHead] as number
}

/**
 * Removes the entries of [head, scanEnd) for which `moved[e - head]` is set, keeping the others in order
 * right before scanEnd, so the untouched tail never moves.
 */
export function dropMoved(list: AnchorList, scanEnd: number, moved: Uint8Array): void {
  const first = list.items.length === 0 ? 0 : (list.near.length / list.items.length) | 0
  let write = scanEnd
  for (let e = scanEnd - 1; e >= list.head; e--) {
    if (moved[e - list.head]) continue
    write -= 1
    list.items[write] = list.items[e] as number
    list.keys[write] = list.keys[e] as number
    for (let c = 0; c < first; c++) list.near[write * first + c] = list.near[e * first + c] as number
  }
  list.head = write
}
