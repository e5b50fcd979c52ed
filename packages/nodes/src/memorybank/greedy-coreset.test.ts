import { describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { createEngines } from '../engine/create-engines'
import { buildMemoryBank } from './build-bank'
import { greedyCoreset } from './greedy-coreset'
import { coordinatesAlong, principalAxes } from './principal-axes'
import { projectRows, randomProjectionMatrix } from './random-projection'

function randomPoints(n: number, dim: number, seed: string): Float32Array {
  const rng = createRandom(seed)
  // clustered data, like patch features: a few centres plus noise, and some exact duplicates
  const centres = Array.from({ length: 8 }, () => Array.from({ length: dim }, () => rng.normal() * 4))
  const points = new Float32Array(n * dim)
  for (let i = 0; i < n; i++) {
    const centre = centres[rng.int(0, centres.length - 1)] as number[]
    for (let c = 0; c < dim; c++) points[i * dim + c] = (centre[c] as number) + rng.normal()
  }
  points.copyWithin(10 * dim, 3 * dim, 4 * dim)
  return points
}

/** The plain loop of PatchCore's sampler: argmax of the running minimum, then lower it. */
function naiveCoreset(points: Float32Array, dim: number, count: number, starts: number[]): number[] {
  const n = points.length / dim
  const dist = (a: number, b: number): number => {
    let s = 0
    for (let c = 0; c < dim; c++) s += ((points[a * dim + c] as number) - (points[b * dim + c] as number)) ** 2
    return Math.sqrt(s)
  }
  const minDist = Array.from({ length: n }, (_, i) => starts.reduce((s, j) => s + dist(i, j), 0) / starts.length)
  const picked: number[] = []
  for (let s = 0; s < count; s++) {
    let best = 0
    for (let i = 1; i < n; i++) if ((minDist[i] as number) > (minDist[best] as number)) best = i
    picked.push(best)
    for (let i = 0; i < n; i++) minDist[i] = Math.min(minDist[i] as number, dist(i, best))
  }
  return picked
}

/** The start points greedyCoreset draws from the same seed. */
function startsFor(seed: string, n: number, count: number): number[] {
  const rng = createRandom(seed)
  const chosen = new Set<number>()
  while (chosen.size < count) chosen.add(rng.int(0, n - 1))
  return [...chosen]
}

describe('greedyCoreset', () => {
  it('selects exactly what the plain farthest-point loop selects', async () => {
    const points = randomPoints(1500, 6, 'points')
    const picked = await greedyCoreset(points, 6, { count: 150, startPoints: 10, rng: createRandom('s') })
    expect(Array.from(picked)).toEqual(naiveCoreset(points, 6, 150, startsFor('s', 1500, 10)))
  })

  it('selects the same with the principal-axis bounds, which only skip work', async () => {
    const points = randomPoints(3000, 24, 'points-axes')
    const axes = 8
    const values = coordinatesAlong(points, 24, principalAxes(points, 24, axes), axes)
    let maxNorm = 0
    for (let r = 0; r < 3000; r++) maxNorm = Math.max(maxNorm, Math.hypot(...points.subarray(r * 24, (r + 1) * 24)))
    const picked = await greedyCoreset(points, 24, { count: 300, startPoints: 10, rng: createRandom('s'), coordinates: { values, axes, tolerance: 1e-4 * maxNorm } })
    expect(Array.from(picked)).toEqual(naiveCoreset(points, 24, 300, startsFor('s', 3000, 10)))
  })

  it('is deterministic for a seed and differs between seeds', async () => {
    const points = randomPoints(600, 6, 'points-2')
    const a = await greedyCoreset(points, 6, { count: 40, startPoints: 10, rng: createRandom(7) })
    const b = await greedyCoreset(points, 6, { count: 40, startPoints: 10, rng: createRandom(7) })
    const c = await greedyCoreset(points, 6, { count: 40, startPoints: 10, rng: createRandom(8) })
    expect(Array.from(a)).toEqual(Array.from(b))
    expect(Array.from(a)).not.toEqual(Array.from(c))
  })
})

/** Coverage radius in the original space: the largest distance from any row to its nearest selected row. */
function coverageRadius(data: Float32Array, dim: number, selected: ArrayLike<number>): number {
  let radius = 0
  for (let i = 0; i < data.length / dim; i++) {
    let nearest = Number.POSITIVE_INFINITY
    for (const j of Array.from(selected)) {
      let s = 0
      for (let c = 0; c < dim; c++) s += ((data[i * dim + c] as number) - (data[j * dim + c] as number)) ** 2
      nearest = Math.min(nearest, s)
    }
    radius = Math.max(radius, Math.sqrt(nearest))
  }
  return radius
}

describe('buildMemoryBank', () => {
  const engines = createEngines({ threads: 1 })

  it('covers the original features within 5% of the plain greedy loop, and repeats itself for a seed', async () => {
    const data = randomPoints(2048, 64, 'coverage')
    const features = { dtype: 'float32' as const, shape: [2, 32, 32, 64], data }
    const options = { coresetRatio: 0.05, projectionDim: 16, startPoints: 10, rng: createRandom(3) }
    const bank = await buildMemoryBank(engines, features, options)
    const again = await buildMemoryBank(engines, features, { ...options, rng: createRandom(3) })
    const picked = bank.coreIndices?.data as Int32Array
    expect(Array.from(again.coreIndices?.data ?? [])).toEqual(Array.from(picked))
    // the exact greedy of PatchCore on the same seeded projection and start points
    const rng = createRandom(3)
    const projected = await projectRows(engines, data, 64, randomProjectionMatrix(64, 16, rng.fork('projection')), 16)
    const exact = naiveCoreset(projected, 16, picked.length, startsFor(rng.fork('starts').seed, 2048, 10))
    const fast = coverageRadius(data, 64, picked)
    expect(fast).toBeLessThanOrEqual(coverageRadius(data, 64, exact) * 1.05)
  })

  const features = { dtype: 'float32' as const, shape: [3, 4, 5, 16], data: randomPoints(60, 16, 'features') }

  it('keeps every patch for ratio 1, without copying', async () => {
    const bank = await buildMemoryBank(engines, features, { coresetRatio: 1, projectionDim: 8, startPoints: 10, rng: createRandom(1) })
    expect(bank.core.shape).toEqual([60, 16])
    expect(bank.core.data).toBe(features.data)
    expect(bank.full).toBeUndefined()
    expect(bank.imageCount).toBe(3)
  })

  it('keeps floor(N * ratio) rows of the full bank and records where they came from', async () => {
    const bank = await buildMemoryBank(engines, features, { coresetRatio: 0.25, projectionDim: 8, startPoints: 10, rng: createRandom(1) })
    expect(bank.core.shape).toEqual([15, 16])
    expect(bank.full?.shape).toEqual([60, 16])
    const rows = bank.coreIndices?.data as Int32Array
    expect(new Set(rows).size).toBe(15)
    rows.forEach((row, i) => expect(Array.from(bank.core.data.subarray(i * 16, (i + 1) * 16))).toEqual(Array.from(features.data.subarray(row * 16, (row + 1) * 16))))
    const again = await buildMemoryBank(engines, features, { coresetRatio: 0.25, projectionDim: 8, startPoints: 10, rng: createRandom(1) })
    expect(Array.from(again.coreIndices?.data ?? [])).toEqual(Array.from(rows))
  })
})
