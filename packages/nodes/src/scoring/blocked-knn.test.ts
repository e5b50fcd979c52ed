import { beforeAll, describe, expect, it } from 'vitest'

import { CancelledError } from '../contract/errors'
import { createEngines } from '../engine/create-engines'
import { blockedKnn } from './blocked-knn'
import { createDistanceTopK, type DistanceTopKRunner } from './distance-topk'
import { scoreKnn } from './knn'
import { bruteForceNeighbours, randomMatrix } from '../../test/scoring-fixtures'

let run: DistanceTopKRunner
beforeAll(async () => {
  run = await createDistanceTopK(createEngines({ threads: 1 }), 16)
})

describe('blockedKnn', () => {
  it('finds the exact k nearest squared distances with blocks that do not divide the data', async () => {
    const bank = randomMatrix(1000, 16, 'bank')
    const queries = randomMatrix(77, 16, 'queries')
    const blocks: number[] = []
    const result = await blockedKnn(run, queries, bank, { k: 5, queryBlock: 32, bankBlock: 300, onBlock: (done) => blocks.push(done) })
    // 4 bank blocks (300, 300, 300, 100) x 3 query blocks (32, 32, 13)
    expect(blocks).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
    for (let q = 0; q < queries.rows; q++) {
      const truth = bruteForceNeighbours(queries, q, bank).slice(0, 5)
      for (let n = 0; n < 5; n++) {
        expect(result.distances[q * 5 + n]).toBeCloseTo((truth[n] as { d: number }).d, 3)
        expect(result.indices[q * 5 + n]).toBe((truth[n] as { j: number }).j)
      }
    }
  })

  it('gives the same result for every block size', async () => {
    const bank = randomMatrix(500, 16, 'bank-2')
    const queries = randomMatrix(40, 16, 'queries-2')
    const a = await blockedKnn(run, queries, bank, { k: 3, queryBlock: 7, bankBlock: 33 })
    const b = await blockedKnn(run, queries, bank, { k: 3, queryBlock: 1000, bankBlock: 1000 })
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices))
    for (let i = 0; i < a.distances.length; i++) expect(a.distances[i]).toBeCloseTo(b.distances[i] as number, 4)
  })

  it('keeps k when a bank block is smaller than k', async () => {
    const bank = randomMatrix(23, 16, 'small-bank')
    const queries = randomMatrix(5, 16, 'small-queries')
    const result = await blockedKnn(run, queries, bank, { k: 4, queryBlock: 2, bankBlock: 3 })
    for (let q = 0; q < 5; q++) {
      expect(Array.from(result.indices.subarray(q * 4, q * 4 + 4))).toEqual(bruteForceNeighbours(queries, q, bank).slice(0, 4).map((n) => n.j))
    }
  })

  it('stops on a cancelled signal and refuses k larger than the bank', async () => {
    const bank = randomMatrix(50, 16, 'b')
    const controller = new AbortController()
    controller.abort()
    await expect(blockedKnn(run, bank, bank, { k: 1, queryBlock: 10, bankBlock: 10, signal: controller.signal })).rejects.toBeInstanceOf(CancelledError)
    await expect(blockedKnn(run, bank, bank, { k: 51, queryBlock: 10, bankBlock: 10 })).rejects.toThrow(/k <= bank size 50/)
  })
})

describe('scoreKnn', () => {
  it('is the mean of the K smallest squared distances', async () => {
    const bank = randomMatrix(300, 16, 'knn-bank')
    const queries = randomMatrix(20, 16, 'knn-queries')
    const scores = await scoreKnn(run, queries, bank, { k: 3, queryBlock: 6, bankBlock: 128 })
    for (let q = 0; q < 20; q++) {
      const truth = bruteForceNeighbours(queries, q, bank).slice(0, 3)
      expect(scores[q]).toBeCloseTo(truth.reduce((s, n) => s + n.d, 0) / 3, 3)
    }
  })
})
