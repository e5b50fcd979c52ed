import type { GraphFile } from '@inspectflow/graph-schema'
import { describe, expect, it } from 'vitest'

import { copyId, fragmentOf, parseFragment, placeFragment } from './graph-fragment'

const file: Pick<GraphFile, 'nodes' | 'edges'> = {
  nodes: [
    { id: 'src', type: 'test.source', typeVersion: 1, params: { value: 3 }, ui: { x: 100, y: 50 } },
    { id: 'slow', type: 'test.slow', typeVersion: 1, params: {}, ui: { x: 400, y: 80 } },
    { id: 'other', type: 'test.slow', typeVersion: 1, params: {}, ui: { x: 700, y: 80 } },
  ],
  edges: [
    { from: { node: 'src', port: 'value' }, to: { node: 'slow', port: 'value' } },
    { from: { node: 'slow', port: 'value' }, to: { node: 'other', port: 'value' } },
  ],
}

describe('graph fragments (copy and paste)', () => {
  it('copies the chosen nodes and only the links among them', () => {
    const fragment = fragmentOf(file, new Set(['src', 'slow']))
    expect(fragment.nodes.map((n) => n.id)).toEqual(['src', 'slow'])
    expect(fragment.edges).toHaveLength(1)
  })

  it('pastes under fresh ids with the links renamed, top-left at the given point', () => {
    const placed = placeFragment(fragmentOf(file, new Set(['src', 'slow'])), ['src', 'slow', 'other'], { x: 0, y: 0 })
    expect(placed.nodes.map((n) => [n.id, n.ui])).toEqual([
      ['src2', { x: 0, y: 0 }],
      ['slow2', { x: 300, y: 30 }],
    ])
    expect(placed.edges).toEqual([{ from: { node: 'src2', port: 'value' }, to: { node: 'slow2', port: 'value' } }])
    expect(placed.nodes[0]!.params).toEqual({ value: 3 })
  })

  it('numbers copies of numbered ids on from their base', () => {
    expect(copyId('layer2', new Set(['layer2']))).toBe('layer3')
    expect(copyId('fresh', new Set())).toBe('fresh')
  })

  it('reads a fragment or a whole graph file from the clipboard, and nothing else', () => {
    expect(parseFragment(JSON.stringify(fragmentOf(file, new Set(['src']))))?.nodes).toHaveLength(1)
    expect(parseFragment(JSON.stringify({ schemaVersion: 1, ...file }))?.edges).toHaveLength(2)
    expect(parseFragment('hello')).toBeUndefined()
    expect(parseFragment(JSON.stringify({ nodes: [{ id: 1 }] }))).toBeUndefined()
  })
})
