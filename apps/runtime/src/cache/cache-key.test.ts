import { describe, expect, it } from 'vitest'

import { cacheKey } from './cache-key'
import { fastChecksum } from './fast-checksum'

const base = { type: 'score.knn', typeVersion: 1, params: { k: 1, metric: 'l2' }, inputs: { bank: 'x:bank' } }

describe('cache key', () => {
  it('ignores key order but not values, versions, inputs or fingerprints', () => {
    const k = cacheKey(base)
    expect(cacheKey({ ...base, params: { metric: 'l2', k: 1 } })).toBe(k)
    expect(cacheKey({ ...base, params: { k: 2, metric: 'l2' } })).not.toBe(k)
    expect(cacheKey({ ...base, typeVersion: 2 })).not.toBe(k)
    expect(cacheKey({ ...base, inputs: { bank: 'y:bank' } })).not.toBe(k)
    expect(cacheKey({ ...base, fingerprint: 'f' })).not.toBe(k)
    expect(k).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe('fast checksum', () => {
  it('changes with any single byte, including the unaligned tail', () => {
    const bytes = new Uint8Array(1027).map((_, i) => (i * 31) & 255)
    const reference = fastChecksum(bytes)
    for (const position of [0, 5, 511, 1024, 1026]) {
      const changed = bytes.slice()
      changed[position] = (changed[position] as number) ^ 1
      expect(fastChecksum(changed)).not.toBe(reference)
    }
    expect(fastChecksum(bytes.subarray(0, 1026))).not.toBe(reference)
    expect(fastChecksum(bytes.slice())).toBe(reference)
  })
})
