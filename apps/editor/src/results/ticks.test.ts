import { describe, expect, it } from 'vitest'

import { niceTicks, tickLabel } from './ticks'

describe('chart ticks', () => {
  it('picks round steps inside the range', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.5, 1])
    expect(niceTicks(0, 12)).toEqual([0, 5, 10])
    expect(niceTicks(-6.95, 208)).toEqual([0, 100, 200])
    expect(niceTicks(3, 3)).toEqual([3])
  })

  it('writes ticks short', () => {
    expect(tickLabel(0.30000000000000004)).toBe('0.3')
    expect(tickLabel(123456)).toBe('123500')
  })
})
