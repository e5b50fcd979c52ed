import { beforeAll, describe, expect, it } from 'vitest'

import { createEngines } from '../engine/create-engines'
import type { Matrix } from './blocked-knn'
import { createDistanceTopK, type DistanceTopKRunner, rowSquaredNorms } from './distance-topk'
import { scoreLdknn } from './ldknn'
import { createDensityCache, type DensityBank } from './local-density'
import { bruteForceNeighbours, randomMatrix } from '../../test/scoring-fixtures'

let run: DistanceTopKRunner
beforeAll(async () => {
  run = await createDistanceTopK(createEngines({ threads: 1 }), 16)
})

/** Brute-force LDKNN of REB-METHOD 7: d1 to the nearest core entry minus alpha times its density. */
function bruteForceLdknn(queries: Matrix, core: Matrix, full: Matrix, coreToFull: (j: number) => number, k: number, alpha: number): number[] {
  return Array.from({ length: queries.rows }, (_, q) => {
    const [nearest] = bruteForceNeighbours(queries, q, core) as [{ d: number; j: number }]
    const others = bruteForceNeighbours(core, nearest.j, full).filter((n) => n.j !== coreToFull(nearest.j))
    const rho = others.slice(0, k).reduce((s, n) => s + n.d, 0) / k
    return nearest.d - alpha * rho
  })
}

const blocks = { queryBlock: 13, bankBlock: 97 }

describe('scoreLdknn', () => {
  it('matches brute force on the full bank, with the self-match removed by index', async () => {
    const full = randomMatrix(400, 16, 'ld-bank')
    // duplicate rows: the self-match and its twin both have distance 0, only the self must go
    full.data.copyWithin(5 * 16, 4 * 16, 5 * 16)
    const queries = randomMatrix(60, 16, 'ld-queries')
    queries.data.set(full.data.subarray(4 * 16, 5 * 16), 0)
    const bank: DensityBank = { core: full, full, fullNorms: rowSquaredNorms(full.data, 16) }
    const cache = createDensityCache(400, 5)
    const result = await scoreLdknn(run, queries, bank, cache, { k: 5, alpha: 0.7, ...blocks })
    const truth = bruteForceLdknn(queries, full, full, (j) => j, 5, 0.7)
    truth.forEach((s, q) => expect(result.scores[q]).toBeCloseTo(s, 3))
    expect(result.densitiesComputed).toBe(new Set(result.nearest).size)
  })

  it('measures coreset densities against the full bank', async () => {
    const full = randomMatrix(300, 16, 'cs-bank')
    const picked = Int32Array.from([3, 17, 42, 99, 150, 151, 200, 250, 299])
    const core: Matrix = { data: new Float32Array(picked.length * 16), rows: picked.length, dim: 16 }
    picked.forEach((j, i) => core.data.set(full.data.subarray(j * 16, (j + 1) * 16), i * 16))
    const queries = randomMatrix(40, 16, 'cs-queries')
    const bank: DensityBank = { core, full, coreToFull: picked, fullNorms: rowSquaredNorms(full.data, 16) }
    const result = await scoreLdknn(run, queries, bank, createDensityCache(picked.length, 3), { k: 3, alpha: 1, ...blocks })
    const truth = bruteForceLdknn(queries, core, full, (j) => picked[j] as number, 3, 1)
    truth.forEach((s, q) => expect(result.scores[q]).toBeCloseTo(s, 3))
  })

  it('reuses cached densities on a second call and reports progress per phase', async () => {
    const full = randomMatrix(200, 16, 'cache-bank')
    const queries = randomMatrix(30, 16, 'cache-queries')
    const bank: DensityBank = { core: full, full, fullNorms: rowSquaredNorms(full.data, 16) }
    const cache = createDensityCache(200, 4)
    const phases = new Set<string>()
    const first = await scoreLdknn(run, queries, bank, cache, { k: 4, alpha: 1, ...blocks, onProgress: (p) => phases.add(p) })
    const second = await scoreLdknn(run, queries, bank, cache, { k: 4, alpha: 1, ...blocks })
    expect(first.densitiesComputed).toBeGreaterThan(0)
    expect(second.densitiesComputed).toBe(0)
    expect(Array.from(second.scores)).toEqual(Array.from(first.scores))
    expect([...phases].sort()).toEqual(['density', 'nearest'])
    const unknown = cache.rho.filter((r) => Number.isNaN(r)).length
    expect(unknown).toBe(200 - first.densitiesComputed)
  })

  it('refuses a cache built for another K', async () => {
    const full = randomMatrix(20, 16, 'k-bank')
    const bank: DensityBank = { core: full, full, fullNorms: rowSquaredNorms(full.data, 16) }
    await expect(scoreLdknn(run, full, bank, createDensityCache(20, 3), { k: 4, alpha: 1, ...blocks })).rejects.toThrow(/cache holds K = 3/)
  })
})
