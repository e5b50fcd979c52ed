import { describe, expect, it } from 'vitest'

import { closestNames } from './closest-names'

describe('closestNames on hostile input', () => {
  it('answers a 2 MB misspelt name in well under a second, still suggesting by its prefix', () => {
    const candidates = Array.from({ length: 60 }, (_, i) => `features.node${String(i).padStart(2, '0')}`)
    const started = performance.now()
    const found = closestNames(`features.${'x'.repeat(2_000_000)}`, candidates)
    const ms = performance.now() - started
    expect(found).toEqual(['features.node00', 'features.node01', 'features.node02'])
    expect(ms).toBeLessThan(250)
  })
})
