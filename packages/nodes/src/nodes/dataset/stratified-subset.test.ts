import { describe, expect, it } from 'vitest'

import { allocate, firstItems, stratifiedSubset } from './stratified-subset'

describe('allocate', () => {
  it('splits proportionally with largest remainders and sums to the count', () => {
    expect(allocate([50, 30, 20], 10)).toEqual([5, 3, 2])
    expect(allocate([5, 5, 5], 7).reduce((a, b) => a + b)).toBe(7)
  })

  it('gives every group at least one when the count allows', () => {
    const quotas = allocate([98, 1, 1], 3)
    expect(quotas).toEqual([1, 1, 1])
  })

  it('never gives a group more than it holds', () => {
    expect(allocate([1, 10], 8)).toEqual([1, 7])
  })
})

describe('stratifiedSubset', () => {
  const items = [
    ...Array.from({ length: 20 }, (_, i) => ({ id: `good${i}`, type: 'good' })),
    ...Array.from({ length: 10 }, (_, i) => ({ id: `crack${i}`, type: 'crack' })),
    ...Array.from({ length: 2 }, (_, i) => ({ id: `hole${i}`, type: 'hole' })),
  ]

  it('keeps every group, in proportion, in original order', () => {
    const subset = stratifiedSubset(items, 8, (item) => item.type)
    expect(subset).toHaveLength(8)
    const countOf = (type: string): number => subset.filter((item) => item.type === type).length
    expect(countOf('good')).toBe(5)
    expect(countOf('crack')).toBe(2)
    expect(countOf('hole')).toBe(1)
    const positions = subset.map((item) => items.indexOf(item))
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
  })

  it('samples a group across its whole range, not only its start', () => {
    const subset = stratifiedSubset(items, 8, (item) => item.type).filter((item) => item.type === 'good')
    expect(subset[0]?.id).toBe('good2')
    expect(subset.at(-1)?.id).toBe('good18')
  })

  it('keeps everything for 0 or a count beyond the length', () => {
    expect(stratifiedSubset(items, 0, (item) => item.type)).toHaveLength(32)
    expect(stratifiedSubset(items, 99, (item) => item.type)).toHaveLength(32)
    expect(firstItems(items, 3).map((item) => item.id)).toEqual(['good0', 'good1', 'good2'])
    expect(firstItems(items, 0)).toHaveLength(32)
  })
})
