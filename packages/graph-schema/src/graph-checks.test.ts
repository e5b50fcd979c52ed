import { describe, expect, it } from 'vitest'

import { createFakeCatalog, validGraph } from '../test/fake-catalog'
import { checkGraph } from './graph-checks'
import { createCatalog } from './node-catalog'
import { paramsValidatorsFor } from './params-validators'
import type { GraphFile } from './graph-file'

const catalog = createFakeCatalog()
const graph = (): GraphFile => validGraph()
const codesAndPaths = (g: GraphFile, overrides?: Record<string, unknown>) =>
  checkGraph(g, catalog, { overrides }).problems.map((p) => `${p.code} ${p.path}`)

describe('checkGraph', () => {
  it('finds nothing wrong with a valid graph and resolves params with defaults', () => {
    const result = checkGraph(graph(), catalog)
    expect(result.problems).toEqual([])
    expect(result.resolvedParams).toEqual({
      data: { root: 'data/bottle', imageSize: 224 },
      makerA: { seed: 1 },
      makerB: { seed: 0 },
      train: { epochs: 3, tag: 'run-3', mode: 'fast' },
      eval: { pixel: true },
    })
  })

  it('reports every problem of a graph with several at once', () => {
    const g = graph()
    g.nodes[4]!.type = 'test.nope'
    g.nodes[1]!.params = { seed: 'x' }
    g.edges[0]!.from.port = 'data'
    g.edges.push({ from: { node: 'makerA', port: 'maker' }, to: { node: 'train', port: 'dataset' } })
    g.outputs = ['ghost.out']
    g.nodes[3]!.params = { epochs: '${params.nope}' }
    expect(codesAndPaths(g, { epochs: 'x' }).sort()).toEqual(
      [
        'unknown_node_type /nodes/4/type',
        'param_invalid /nodes/1/params/seed',
        'unknown_port /edges/0/from/port',
        'type_mismatch /edges/4',
        'input_connected_twice /edges/4/to',
        'unknown_output /outputs/0',
        'param_reference_unresolved /nodes/3/params/epochs',
        'graph_param_invalid /params/epochs',
      ].sort(),
    )
  })

  it('accepts an unconnected optional input and several edges into a multiple input', () => {
    const g = graph()
    g.nodes.push({ id: 'maker3', type: 'test.maker', typeVersion: 1 })
    g.edges.push({ from: { node: 'maker3', port: 'maker' }, to: { node: 'train', port: 'makers' } })
    expect(codesAndPaths(g)).toEqual([])
  })

  it('does not port-check edges of a node whose type is unknown', () => {
    const g = graph()
    g.nodes[3]!.typeVersion = 9
    expect(codesAndPaths(g)).toEqual(['unknown_type_version /nodes/3/typeVersion'])
  })

  it('lists the known versions of a type when the version is unknown', () => {
    const g = graph()
    g.nodes[4]!.typeVersion = 3
    const [problem] = checkGraph(g, catalog).problems
    expect(problem?.expected).toBe('a typeVersion of "test.eval" this program knows: 1, 2')
    expect(problem?.found).toBe('number 3')
  })

  it('gives an edge between two missing nodes no node id, and one from a missing node its target', () => {
    const g = graph()
    g.edges.push({ from: { node: 'ghost', port: 'x' }, to: { node: 'phantom', port: 'y' } })
    g.edges[1]!.from.node = 'gone'
    const problems = checkGraph(g, catalog).problems
    expect(problems.map((p) => [p.code, p.path, p.nodeId])).toEqual([
      ['unknown_node', '/edges/1/from/node', 'train'],
      ['unknown_node', '/edges/4/from/node', undefined],
      ['unknown_node', '/edges/4/to/node', undefined],
    ])
    expect(problems[0]?.message).toBe('edge /edges/1 starts at node "gone", which is not in the graph')
  })

  it('does not take inherited object keys for ports', () => {
    const g = graph()
    g.edges[3]!.to.port = 'constructor'
    expect(codesAndPaths(g)).toEqual(['unknown_port /edges/3/to/port', 'required_input_missing /nodes/4'])
  })

  it('names the nodes on a cycle but not the nodes downstream of it', () => {
    const g = graph()
    g.nodes.push(
      { id: 'p1', type: 'test.passthrough', typeVersion: 1 },
      { id: 'p2', type: 'test.passthrough', typeVersion: 1 },
      { id: 'p3', type: 'test.passthrough', typeVersion: 1 },
    )
    g.edges.push(
      { from: { node: 'p2', port: 'scores' }, to: { node: 'p1', port: 'scores' } },
      { from: { node: 'p1', port: 'scores' }, to: { node: 'p2', port: 'scores' } },
      { from: { node: 'p2', port: 'scores' }, to: { node: 'p3', port: 'scores' } },
    )
    const problems = checkGraph(g, catalog).problems
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ code: 'cycle', nodeId: 'p1', path: '/edges/4', found: 'a cycle through nodes "p1", "p2"' })
  })

  it('says where a wrong param value came from when it was a graph param', () => {
    const g = graph()
    g.params = { ...g.params, epochs: { type: 'integer', default: 0 } }
    const [problem] = checkGraph(g, catalog).problems
    expect(problem?.message).toBe(
      'expected a number >= 1 at /nodes/3/params/epochs, found number 0 (the value of graph param "epochs")',
    )
  })

  it('reports a param whose value is still an unresolved reference once, not also as a schema error', () => {
    const g = graph()
    g.nodes[3]!.params = { epochs: '${params.missing}' }
    expect(codesAndPaths(g)).toEqual(['param_reference_unresolved /nodes/3/params/epochs'])
  })

  it('reports a node type whose params schema does not compile instead of throwing', () => {
    const broken = createCatalog([
      { ...catalog.get('test.maker', 1)!, params: { type: 'object', properties: { a: { type: 'no-such-type' } } } },
    ])
    const g: GraphFile = { schemaVersion: 1, name: 'x', nodes: [{ id: 'm', type: 'test.maker', typeVersion: 1 }], edges: [] }
    expect(checkGraph(g, broken).problems).toMatchObject([{ code: 'param_invalid', nodeId: 'm', path: '/nodes/0/params' }])
  })

  it('compiles each node type params schema once per catalog', () => {
    const entry = catalog.get('test.train', 1)!
    checkGraph(graph(), catalog)
    const validators = paramsValidatorsFor(catalog)
    expect(validators.get(entry)).toBe(validators.get(entry))
    expect(paramsValidatorsFor(catalog)).toBe(validators)
    expect(paramsValidatorsFor(createFakeCatalog())).not.toBe(validators)
  })

  it('does not modify the graph it checks', () => {
    const g = graph()
    checkGraph(g, catalog, { overrides: { epochs: '4' } })
    expect(g).toEqual(validGraph())
  })
})
