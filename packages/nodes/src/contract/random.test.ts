import { describe, expect, it } from 'vitest'

import { createRandom } from './random'

describe('seeded random', () => {
  it('replays the same sequence for the same seed and differs for another', () => {
    const a = createRandom(7)
    const b = createRandom(7)
    const c = createRandom(8)
    const seqA = Array.from({ length: 5 }, () => a.next())
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA)
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA)
    expect(seqA.every((v) => v >= 0 && v < 1)).toBe(true)
  })
  it('keeps int() inside its inclusive bounds and reaches both ends', () => {
    const r = createRandom('bounds')
    const seen = new Set<number>()
    for (let i = 0; i < 2000; i++) seen.add(r.int(3, 6))
    expect([...seen].sort()).toEqual([3, 4, 5, 6])
  })
})
