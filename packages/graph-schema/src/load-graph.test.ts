import { describe, expect, it } from 'vitest'

import { createFakeCatalog, validGraph } from '../test/fake-catalog'
import { CURRENT_SCHEMA_VERSION } from './graph-file'
import { loadGraph, migrateToCurrent } from './load-graph'

const catalog = createFakeCatalog()

describe('loadGraph', () => {
  it('loads a valid graph from text or from parsed JSON alike', () => {
    const fromText = loadGraph(JSON.stringify(validGraph()), catalog)
    const fromObject = loadGraph(validGraph(), catalog)
    expect(fromText).toEqual(fromObject)
    expect(fromText.ok).toBe(true)
    expect(fromText.problems).toEqual([])
  })

  it('applies overrides given as CLI strings', () => {
    const result = loadGraph(validGraph(), catalog, { overrides: { epochs: '12', dataRoot: '/mnt/cam1' } })
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    expect(result.resolvedParams.train).toMatchObject({ epochs: 12, tag: 'run-12' })
    expect(result.resolvedParams.data).toEqual({ root: '/mnt/cam1', imageSize: 224 })
    expect(result.graph.nodes[3]?.params).toEqual({ epochs: '${params.epochs}', tag: 'run-${params.epochs}' })
  })

  it('keeps extra ui fields of the root and of nodes', () => {
    const input = { ...validGraph(), ui: { zoom: 1.5, editorVersion: '0.3', groups: [{ title: 'a' }] } }
    input.nodes[0] = { ...input.nodes[0]!, ui: { x: 1, y: 2, color: '#fff', collapsed: true } }
    const result = loadGraph(JSON.stringify(input), catalog)
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    expect(result.graph.ui).toEqual({ zoom: 1.5, editorVersion: '0.3', groups: [{ title: 'a' }] })
    expect(result.graph.nodes[0]?.ui).toEqual({ x: 1, y: 2, color: '#fff', collapsed: true })
  })

  it('reports every problem of a schema-valid graph with several, and returns the graph', () => {
    const input = validGraph()
    input.nodes[1]!.params = { seed: 1.5 }
    input.edges.pop()
    input.outputs = ['train.metrics']
    const result = loadGraph(input, catalog, { overrides: { dataRoot: 'x', epochs: 'two' } })
    expect(result.ok).toBe(false)
    expect(result.graph?.nodes).toHaveLength(5)
    expect(result.problems.map((p) => [p.code, p.nodeId, p.path])).toEqual([
      ['required_input_missing', 'eval', '/nodes/4'],
      ['unknown_output', 'train', '/outputs/0'],
      ['graph_param_invalid', undefined, '/params/epochs'],
      ['param_invalid', 'makerA', '/nodes/1/params/seed'],
    ])
  })

  it('refuses a graph from a newer program with a message that says so', () => {
    const result = loadGraph({ ...validGraph(), schemaVersion: 3 }, catalog)
    expect(result.ok).toBe(false)
    expect(result.problems).toHaveLength(1)
    expect(result.problems[0]).toMatchObject({ code: 'schema_version_too_new', path: '/schemaVersion', found: '3' })
    expect(result.problems[0]?.message).toBe(
      `this graph was saved by a newer InspectFlow (schemaVersion 3); this program reads up to ${CURRENT_SCHEMA_VERSION}: upgrade InspectFlow`,
    )
  })

  it('returns the graph with check problems, but not with schema problems', () => {
    const checked = loadGraph({ ...validGraph(), outputs: ['eval.nothing'] }, catalog)
    expect(checked.ok).toBe(false)
    expect(checked.graph?.name).toBe('fake pipeline')
    const broken = loadGraph({ ...validGraph(), name: 3 }, catalog)
    expect(broken.ok).toBe(false)
    expect(broken.graph).toBeUndefined()
  })

  it('stops at invalid JSON with the line and column', () => {
    const result = loadGraph('{\n  "schemaVersion": 1,\n  "name": "x",\n}', catalog)
    expect(result.problems).toMatchObject([{ code: 'invalid_json', path: '', found: 'a syntax error at line 4, column 1' }])
  })

  it('does not modify a parsed input, even one it migrates', () => {
    const input = { schemaVersion: 0, name: 'old', nodes: [{ id: 'm', type: 'test.maker', position: [1, 2] }] }
    const copy = structuredClone(input)
    const result = loadGraph(input, catalog)
    expect(result.problems).toEqual([])
    expect(input).toEqual(copy)
  })

  it('treats a string input as file text, never as a graph', () => {
    expect(loadGraph('"just a string"', catalog).problems).toMatchObject([{ code: 'schema_invalid', path: '' }])
  })
})

describe('migrateToCurrent', () => {
  it.each([
    [null, 'schema_invalid', ''],
    [{ name: 'x' }, 'schema_version_missing', '/schemaVersion'],
    [{ schemaVersion: -1 }, 'schema_invalid', '/schemaVersion'],
    [{ schemaVersion: 1.5 }, 'schema_invalid', '/schemaVersion'],
    [{ schemaVersion: 2 }, 'schema_version_too_new', '/schemaVersion'],
    [{ schemaVersion: 0, nodes: 'x' }, 'migration_failed', ''],
  ])('%j -> %s', (doc, code, path) => {
    const result = migrateToCurrent(doc)
    expect(result).toMatchObject({ ok: false, problems: [{ code, path }] })
  })

  it('names the failed migration step in its problem', () => {
    const result = migrateToCurrent({ schemaVersion: 0, nodes: 'x' })
    if (result.ok) throw new Error('expected a failure')
    expect(result.problems[0]?.message).toBe(
      `could not migrate this graph from schemaVersion 0 to ${CURRENT_SCHEMA_VERSION}: graph/1 (ConnectionsToEdges): expected an array at /nodes, found string "x"`,
    )
  })
})
