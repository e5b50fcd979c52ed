import { describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { argsortFloat32, sortFloat32 } from './radix-sort'

describe('radix sort of float32', () => {
  it('sorts negatives, zeros, ties and extremes like a numeric sort', () => {
    const rng = createRandom('radix')
    const values = Float32Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? 0 : i % 11 === 0 ? -0.5 : rng.normal() * 10 ** rng.int(-3, 3)))
    values[1] = -Infinity
    values[2] = Infinity
    values[3] = -3.4e38
    const expected = Float32Array.from(values).sort()
    const sorted = sortFloat32(values)
    expect(Array.from(sorted)).toEqual(Array.from(expected))
    expect(values[1]).toBe(-Infinity)
  })
  it('argsort is stable and orders the values', () => {
    const values = Float32Array.from([3, 1, 2, 1, -1])
    expect(Array.from(argsortFloat32(values))).toEqual([4, 1, 3, 2, 0])
  })
})
