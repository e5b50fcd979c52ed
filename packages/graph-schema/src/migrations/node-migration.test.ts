import { describe, expect, it } from 'vitest'

import { createFakeCatalog, validGraph } from '../../test/fake-catalog'
import type { GraphFile } from '../graph-file'
import { createCatalog } from '../node-catalog'
import { validateAndPlan } from '../validate-and-plan'
import { freshNodeId, migrateNodes, type NodeMigration, replaceNode } from './node-migration'

/** test.eval@1 had a `strict` flag that version 2 calls `pixel`, inverted. */
const evalBump: NodeMigration = {
  type: 'test.eval',
  fromVersion: 1,
  becomes: 'test.eval@2',
  up(graph, nodeId) {
    const node = graph.nodes.find((n) => n.id === nodeId) as GraphFile['nodes'][number]
    const { strict, ...rest } = node.params ?? {}
    node.typeVersion = 2
    node.params = { ...rest, pixel: strict !== true }
    return graph
  },
}

/** test.trainer@1 (an older node type) trained and evaluated in one node; it becomes a test.train@1 feeding a test.eval@2. */
const trainSplit: NodeMigration = {
  type: 'test.trainer',
  fromVersion: 1,
  becomes: 'test.train@1 + test.eval@2',
  up(graph, nodeId) {
    const evalId = freshNodeId(graph, `${nodeId}-eval`)
    return replaceNode(graph, nodeId, {
      nodes: [
        { id: nodeId, type: 'test.train', typeVersion: 1 },
        { id: evalId, type: 'test.eval', typeVersion: 2, params: { pixel: false } },
      ],
      edges: [{ from: { node: nodeId, port: 'scores' }, to: { node: evalId, port: 'scores' } }],
      inputs: { dataset: [{ node: nodeId, port: 'dataset' }], makers: [{ node: nodeId, port: 'makers' }] },
      outputs: { metrics: { node: evalId, port: 'metrics' } },
    })
  },
}

const catalog = createCatalog(createFakeCatalog().all().filter((e) => !(e.type === 'test.eval' && e.typeVersion === 1)), [evalBump, trainSplit])

describe('node migrations', () => {
  it('bump a node to its current version as the graph loads', () => {
    const graph = validGraph()
    graph.nodes[4] = { id: 'eval', type: 'test.eval', typeVersion: 1, params: { strict: true } }
    const result = validateAndPlan(graph, catalog)
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    expect(result.plan.graph.nodes[4]).toEqual({ id: 'eval', type: 'test.eval', typeVersion: 2, params: { pixel: false } })
    expect(graph.nodes[4]?.typeVersion).toBe(1)
  })

  it('replace a node by several, rewiring its edges and the graph outputs', () => {
    const graph = validGraph()
    graph.nodes = graph.nodes.filter((n) => n.id !== 'eval')
    graph.nodes[3] = { id: 'train', type: 'test.trainer', typeVersion: 1 }
    graph.edges = graph.edges.filter((e) => e.to.node !== 'eval')
    graph.outputs = ['train.metrics']
    const { graph: migrated, applied, problems } = migrateNodes(graph, catalog.migrations)
    expect(problems).toEqual([])
    expect(applied).toEqual(['train: test.trainer@1 -> test.train@1 + test.eval@2'])
    expect(migrated.nodes.map((n) => `${n.id}:${n.type}@${n.typeVersion}`)).toEqual([
      'data:test.source@1', 'makerA:test.maker@1', 'makerB:test.maker@1', 'train:test.train@1', 'train-eval:test.eval@2',
    ])
    expect(migrated.edges.map((e) => `${e.from.node}.${e.from.port}->${e.to.node}.${e.to.port}`)).toEqual([
      'data.dataset->train.dataset', 'makerA.maker->train.makers', 'makerB.maker->train.makers', 'train.scores->train-eval.scores',
    ])
    expect(migrated.outputs).toEqual(['train-eval.metrics'])
    const planned = validateAndPlan(graph, catalog)
    expect(planned.ok && planned.plan.outputs).toEqual(['train-eval.metrics'])
  })

  it('report a step that throws as a problem on its node instead of crashing the load', () => {
    const broken: NodeMigration = { ...evalBump, up: () => { throw new Error('no strict flag here') } }
    const graph = validGraph()
    graph.nodes[4] = { id: 'eval', type: 'test.eval', typeVersion: 1 }
    const result = validateAndPlan(graph, createCatalog(catalog.all(), [broken]))
    expect(result.ok).toBe(false)
    expect(result.problems).toMatchObject([{ code: 'migration_failed', nodeId: 'eval', path: '/nodes/4' }])
    expect(result.problems[0]?.message).toContain('no strict flag here')
  })

  it('pick ids that are not taken', () => {
    expect(freshNodeId(validGraph(), 'eval')).toBe('eval-2')
    expect(freshNodeId(validGraph(), 'new')).toBe('new')
  })
})
