import { describe, expect, it } from 'vitest'

import { connectionsToEdges } from './graph-0001-connections-to-edges'

describe('graph/1 ConnectionsToEdges', () => {
  it('turns a schemaVersion 0 graph into the v1 shape', () => {
    const before = {
      schemaVersion: 0,
      name: 'old',
      nodes: [
        { id: 'a', type: 'test.source', params: { root: 'x' }, position: [10, 20] },
        { id: 'b', type: 'test.train', ui: { color: 'blue' }, position: [300, 20] },
      ],
      connections: [{ source: 'a', sourcePort: 'dataset', target: 'b', targetPort: 'dataset' }],
      ui: { zoom: 2 },
    }
    const after = {
      schemaVersion: 0,
      name: 'old',
      nodes: [
        { id: 'a', type: 'test.source', typeVersion: 1, params: { root: 'x' }, ui: { x: 10, y: 20 } },
        { id: 'b', type: 'test.train', typeVersion: 1, ui: { color: 'blue', x: 300, y: 20 } },
      ],
      edges: [{ from: { node: 'a', port: 'dataset' }, to: { node: 'b', port: 'dataset' } }],
      ui: { zoom: 2 },
    }
    expect(connectionsToEdges.up(before)).toEqual({ ok: true, value: after })
  })

  it('keeps a typeVersion that is already there and gives a graph without connections no edges', () => {
    const before = { schemaVersion: 0, name: 'n', nodes: [{ id: 'a', type: 't', typeVersion: 2 }] }
    expect(connectionsToEdges.up(before)).toEqual({
      ok: true,
      value: { schemaVersion: 0, name: 'n', nodes: [{ id: 'a', type: 't', typeVersion: 2 }], edges: [] },
    })
  })

  it('leaves non-object nodes for the schema check to report', () => {
    const result = connectionsToEdges.up({ schemaVersion: 0, nodes: [5], connections: [] })
    expect(result).toEqual({ ok: true, value: { schemaVersion: 0, nodes: [5], edges: [] } })
  })

  it('fails with a reason where the old shape cannot be read', () => {
    expect(connectionsToEdges.up({ nodes: {} })).toEqual({ ok: false, reason: 'expected an array at /nodes, found object' })
    expect(connectionsToEdges.up({ nodes: [], connections: [null] })).toEqual({
      ok: false,
      reason: 'expected an object at /connections/0, found null',
    })
    expect(connectionsToEdges.up({ nodes: [{ id: 'a', position: [1] }] })).toEqual({
      ok: false,
      reason: 'expected position [x, y] at /nodes/0/position, found array of 1 item',
    })
  })
})
