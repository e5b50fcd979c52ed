import { describe, expect, it } from 'vitest'

import { GraphCycleError, kahnOrder, topologicalOrder } from './topological-order'

const edge = (from: string, to: string) => ({ from: { node: from, port: 'out' }, to: { node: to, port: 'in' } })
const nodes = (...ids: string[]) => ids.map((id) => ({ id, type: 't', typeVersion: 1 }))

describe('kahnOrder', () => {
  it('puts every node after the nodes it depends on, keeping file order for ties', () => {
    const deps = [
      { from: 'c', to: 'd' },
      { from: 'a', to: 'd' },
      { from: 'b', to: 'c' },
    ]
    expect(kahnOrder(['d', 'c', 'b', 'a'], deps)).toEqual({ order: ['b', 'a', 'c', 'd'], blocked: [] })
  })

  it('blocks nodes on a cycle and downstream of it', () => {
    const deps = [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'b' },
      { from: 'c', to: 'd' },
    ]
    expect(kahnOrder(['a', 'b', 'c', 'd'], deps)).toEqual({ order: ['a'], blocked: ['b', 'c', 'd'] })
  })

  it('ignores dependencies on unknown ids and counts repeated ids once', () => {
    expect(kahnOrder(['a', 'a', 'b'], [{ from: 'x', to: 'a' }, { from: 'b', to: 'a' }])).toEqual({ order: ['b', 'a'], blocked: [] })
  })
})

describe('topologicalOrder', () => {
  it('orders a graph by its edges', () => {
    expect(topologicalOrder({ nodes: nodes('sink', 'mid', 'src'), edges: [edge('mid', 'sink'), edge('src', 'mid')] })).toEqual([
      'src',
      'mid',
      'sink',
    ])
  })

  it('throws GraphCycleError naming the nodes it could not order', () => {
    const graph = { nodes: nodes('a', 'b'), edges: [edge('a', 'b'), edge('b', 'a')] }
    expect(() => topologicalOrder(graph)).toThrow(GraphCycleError)
    expect(() => topologicalOrder(graph)).toThrow('nodes "a", "b" depend on each other')
  })
})
