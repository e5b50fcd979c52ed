import type { GraphFile } from '@inspectflow/graph-schema'
import { describe, expect, it } from 'vitest'

import { emptyModel, freshNodeId, graphFileToModel, modelToGraphFile } from './graph-adapter'

const file: GraphFile = {
  schemaVersion: 1,
  name: 'round trip',
  description: 'kept',
  params: { root: { type: 'string', default: 'data/bottle' } },
  nodes: [
    { id: 'data', type: 'dataset.folder', typeVersion: 1, params: { root: '${params.root}' }, ui: { x: 10, y: 20, collapsed: true, color: '#fff' } },
    { id: 'bank', type: 'memorybank.build', typeVersion: 2, label: 'My bank', params: {}, ui: { x: 300.4, y: -5 } },
  ],
  edges: [{ from: { node: 'data', port: 'dataset' }, to: { node: 'bank', port: 'features' } }],
  outputs: ['bank.bank'],
  ui: { theme: 'dark', viewport: { x: 5, y: 6, k: 0.5 } },
}

describe('graph adapter', () => {
  it('round-trips a graph file, keeping unknown ui fields', () => {
    const back = modelToGraphFile(graphFileToModel(file))
    expect(back).toEqual({ ...file, nodes: [file.nodes[0], { ...file.nodes[1], ui: { x: 300, y: -5 } }] })
  })

  it('moves positions into node ui and the viewport into graph ui', () => {
    const model = graphFileToModel(file)
    model.nodes[0]!.position = { x: 111.6, y: 222 }
    model.viewport = { x: 1, y: 2, k: 1.5 }
    const out = modelToGraphFile(model)
    expect(out.nodes[0]!.ui).toEqual({ collapsed: true, color: '#fff', x: 112, y: 222 })
    expect(out.ui).toEqual({ theme: 'dark', viewport: { x: 1, y: 2, k: 1.5 } })
  })

  it("reads a file's ui.zoom and writes back the zoom it was last seen at", () => {
    const { viewport: _v, ...ui } = file.ui!
    const model = graphFileToModel({ ...file, ui: { ...ui, zoom: 0.6 } })
    expect(model.zoom).toBe(0.6)
    expect(model.viewport).toBeUndefined()
    model.viewport = { x: 1, y: 2, k: 0.8 }
    expect(modelToGraphFile(model).ui).toMatchObject({ zoom: 0.8, viewport: { k: 0.8 } })
  })

  it('reads edges as connections by port name', () => {
    expect(graphFileToModel(file).connections).toEqual([{ source: 'data', sourceOutput: 'dataset', target: 'bank', targetInput: 'features' }])
  })

  it('spreads nodes without layout instead of stacking them', () => {
    const bare = graphFileToModel({ ...file, nodes: file.nodes.map(({ ui: _ui, ...n }) => n) })
    expect(bare.nodes[0]!.position).not.toEqual(bare.nodes[1]!.position)
  })

  it('does not share objects with the file it read', () => {
    const model = graphFileToModel(file)
    model.nodes[0]!.params.root = 'changed'
    expect(file.nodes[0]!.params!.root).toBe('${params.root}')
  })

  it('writes an empty graph that has the current schema version', () => {
    expect(modelToGraphFile(emptyModel('x'))).toEqual({ schemaVersion: 1, name: 'x', params: {}, nodes: [], edges: [] })
  })

  it('derives fresh node ids from the type', () => {
    expect(freshNodeId('score.ldknn', [])).toBe('ldknn')
    expect(freshNodeId('score.ldknn', ['ldknn', 'ldknn2'])).toBe('ldknn3')
  })
})
