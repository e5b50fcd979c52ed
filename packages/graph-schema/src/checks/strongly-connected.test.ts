import { describe, expect, it } from 'vitest'

import { findCycles } from './strongly-connected'

const deps = (...pairs: [string, string][]) => pairs.map(([from, to]) => ({ from, to }))

describe('findCycles', () => {
  it('returns nothing for an acyclic graph', () => {
    expect(findCycles(['a', 'b', 'c'], deps(['a', 'b'], ['b', 'c'], ['a', 'c']))).toEqual([])
  })

  it('names only the nodes on each cycle, not a node between two cycles', () => {
    const edges = deps(['b', 'a'], ['a', 'b'], ['b', 'x'], ['x', 'c'], ['c', 'd'], ['d', 'c'])
    expect(findCycles(['a', 'b', 'x', 'c', 'd'], edges)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ])
  })

  it('finds a node feeding itself, and a longer ring in file order', () => {
    expect(findCycles(['s'], deps(['s', 's']))).toEqual([['s']])
    expect(findCycles(['p', 'q', 'r'], deps(['r', 'p'], ['p', 'q'], ['q', 'r']))).toEqual([['p', 'q', 'r']])
  })
})
