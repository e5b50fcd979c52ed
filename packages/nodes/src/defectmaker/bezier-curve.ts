import type { SeededRandom } from '../contract/random'
import { fillPolygon, type Point } from './fill-polygon'
import type { Mask } from './mask'

/** Samples per cubic segment (`inserted = 10` interior points plus both ends). */
const SAMPLES_PER_EDGE = 12
/** Probability that an edge is replaced by a straight chord, giving the shape a sharp corner. */
const STRAIGHT_EDGE_PROB = 0.5

/** n integer vertices uniform in [0, 100)^2, sorted by angle around their centroid (a star-shaped polygon). */
export function randomStarPolygon(n: number, rng: SeededRandom): Point[] {
  const points = Array.from({ length: n }, () => ({ x: rng.int(0, 99), y: rng.int(0, 99) }))
  const cx = points.reduce((s, p) => s + p.x, 0) / n
  const cy = points.reduce((s, p) => s + p.y, 0) / n
  return points.sort((a, b) => Math.atan2(a.y - cy, a.x - cx) - Math.atan2(b.y - cy, b.x - cx))
}

const lerp = (a: Point, b: Point, t: number): Point => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t })
const distance = (a: Point, b: Point): number => Math.hypot(b.x - a.x, b.y - a.y)

/**
 * Control points of the closed smoothing of REB-METHOD 3.2 at vertex V = P[i]: the segment between the
 * midpoints of the incoming and outgoing edges is split in proportion to the edge lengths, moved so the
 * split point lies on V, and each end is pulled towards V by k (k = 1 gives the polygon back).
 */
function controlPointsAt(points: readonly Point[], i: number, k: number): { cIn: Point; cOut: Point } {
  const n = points.length
  const prev = points[(i - 1 + n) % n]!
  const v = points[i]!
  const next = points[(i + 1) % n]!
  const mIn = lerp(prev, v, 0.5)
  const mOut = lerp(v, next, 0.5)
  const lIn = distance(prev, v)
  const lOut = distance(v, next)
  const split = lerp(mIn, mOut, lIn + lOut === 0 ? 0.5 : lIn / (lIn + lOut))
  const shift = { x: v.x - split.x, y: v.y - split.y }
  const mInShifted = { x: mIn.x + shift.x, y: mIn.y + shift.y }
  const mOutShifted = { x: mOut.x + shift.x, y: mOut.y + shift.y }
  return { cIn: lerp(mInShifted, v, k), cOut: lerp(mOutShifted, v, k) }
}

function cubic(p0: Point, p1: Point, p2: Point, p3: Point, t: number): Point {
  const u = 1 - t
  const a = u * u * u
  const b = 3 * u * u * t
  const c = 3 * u * t * t
  const d = t * t * t
  return { x: a * p0.x + b * p1.x + c * p2.x + d * p3.x, y: a * p0.y + b * p1.y + c * p2.y + d * p3.y }
}

/**
 * The closed, smoothed outline: each edge becomes a cubic Bezier sampled at 12 points; with probability
 * 0.5 an edge keeps only its first sample (a straight chord), otherwise samples 0..10; the curve is
 * closed by appending the final point.
 */
export function smoothClosedCurve(points: readonly Point[], k: number, rng: SeededRandom): Point[] {
  const n = points.length
  const controls = points.map((_, i) => controlPointsAt(points, i, k))
  const curve: Point[] = []
  let last: Point = points[0]!
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n
    const p0 = points[i]!
    const p3 = points[j]!
    const keep = rng.next() < STRAIGHT_EDGE_PROB ? 1 : SAMPLES_PER_EDGE - 1
    for (let s = 0; s < keep; s++) {
      curve.push(cubic(p0, controls[i]!.cOut, controls[j]!.cIn, p3, s / (SAMPLES_PER_EDGE - 1)))
    }
    last = p3
  }
  curve.push(last)
  return curve
}

/** Scales the curve so it spans exactly [0, W - 1] x [0, H - 1], truncating to integers. */
export function normaliseCurve(curve: readonly Point[], width: number, height: number): Point[] {
  const xs = curve.map((p) => p.x)
  const ys = curve.map((p) => p.y)
  const minX = Math.min(...xs)
  const minY = Math.min(...ys)
  const spanX = Math.max(...xs) - minX
  const spanY = Math.max(...ys) - minY
  if (spanX === 0 || spanY === 0) throw new RangeError('bezier mask: degenerate (collinear) random polygon')
  return curve.map((p) => ({
    x: Math.trunc(((p.x - minX) / spanX) * (width - 1)),
    y: Math.trunc(((p.y - minY) / spanY) * (height - 1)),
  }))
}

/**
 * A filled random closed-curve mask of exactly width x height whose outline touches all four sides
 * (REB-METHOD 3.2, `BezierMaskGenerator.get_one_mask`).
 */
export function bezierMask(options: { width: number; height: number; vertices: number; k: number }, rng: SeededRandom): Mask {
  const polygon = randomStarPolygon(options.vertices, rng)
  const curve = normaliseCurve(smoothClosedCurve(polygon, options.k, rng), options.width, options.height)
  return fillPolygon(curve, options.width, options.height)
}
