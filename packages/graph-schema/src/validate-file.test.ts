import { describe, expect, it } from 'vitest'

import { validGraph } from '../test/fake-catalog'
import { nodeIdAtPath, validateGraphFile } from './validate-file'

describe('validateGraphFile', () => {
  it('accepts a valid graph and returns it unchanged', () => {
    const graph = validGraph()
    const result = validateGraphFile(graph)
    expect(result).toEqual({ ok: true, graph: validGraph() })
  })

  it('keeps any fields inside ui blocks, at the root and on nodes', () => {
    const graph = { ...validGraph(), ui: { zoom: 2, viewport: { x: 1 }, minimap: true } }
    graph.nodes[1] = { ...graph.nodes[1]!, ui: { x: 5, collapsed: true, note: { text: 'hi' } } }
    const result = validateGraphFile(graph)
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.graph.ui).toEqual({ zoom: 2, viewport: { x: 1 }, minimap: true })
      expect(result.graph.nodes[1]?.ui).toEqual({ x: 5, collapsed: true, note: { text: 'hi' } })
    }
  })

  it('words a wrong type as expected/found with the JSON pointer and the node id', () => {
    const graph = validGraph()
    Object.assign(graph.nodes[2]!, { typeVersion: '1' })
    const result = validateGraphFile(graph)
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          code: 'schema_invalid',
          nodeId: 'makerB',
          path: '/nodes/2/typeVersion',
          expected: 'integer',
          found: 'string "1"',
          message: 'expected integer at /nodes/2/typeVersion, found string "1"',
        },
      ],
    })
  })

  it('reports every schema problem, not just the first', () => {
    const graph: Record<string, unknown> = { ...validGraph() }
    delete graph.name
    graph.extra = true
    graph.outputs = ['nodot']
    const { nodes, edges } = validGraph()
    graph.nodes = nodes.map((n, i) => (i === 0 ? { ...n, id: '0data' } : n))
    graph.edges = edges.map((e, i) => (i === 1 ? { ...e, to: { node: 'train' } } : e))
    const result = validateGraphFile(graph)
    if (result.ok) throw new Error('expected problems')
    expect(result.problems.map((p) => p.path).sort()).toEqual(
      ['/name', '/nodes/0/id', '/edges/1/to/port', '/outputs/0', '/extra'].sort(),
    )
    expect(result.problems.find((p) => p.path === '/name')?.message).toBe('missing required field "name" at /')
    expect(result.problems.find((p) => p.path === '/extra')?.message).toMatch(/unknown field "extra" at \/; allowed fields: "schemaVersion", "name"/)
  })

  it('escapes JSON pointer segments in param names and refuses names unusable in references', () => {
    const graph = { ...validGraph(), params: { 'a/b': { type: 'string' } } }
    const result = validateGraphFile(graph)
    if (result.ok) throw new Error('expected problems')
    expect(result.problems).toMatchObject([{ path: '/params/a~1b', found: 'name "a/b"' }])
  })

  it('refuses unknown fields in graph param declarations and edges', () => {
    const graph = validGraph()
    Object.assign(graph.params!.epochs!, { min: 1 })
    Object.assign(graph.edges[0]!, { label: 'x' })
    const result = validateGraphFile(graph)
    if (result.ok) throw new Error('expected problems')
    expect(result.problems.map((p) => p.path).sort()).toEqual(['/edges/0/label', '/params/epochs/min'])
  })
})

describe('nodeIdAtPath', () => {
  const doc = { nodes: [{ id: 'a' }, { id: 3 }] }
  it('finds the id of the node a path points into, when it is a string', () => {
    expect(nodeIdAtPath(doc, '/nodes/0/params/x')).toBe('a')
    expect(nodeIdAtPath(doc, '/nodes/0')).toBe('a')
    expect(nodeIdAtPath(doc, '/nodes/1/id')).toBeUndefined()
    expect(nodeIdAtPath(doc, '/nodes/9')).toBeUndefined()
    expect(nodeIdAtPath(doc, '/edges/0')).toBeUndefined()
    expect(nodeIdAtPath(doc, '/nodes/01x')).toBeUndefined()
  })
})
