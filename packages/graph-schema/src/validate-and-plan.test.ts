import { describe, expect, it } from 'vitest'

import { createFakeCatalog, validGraph } from '../test/fake-catalog'
import { validateAndPlan } from './validate-and-plan'

const catalog = createFakeCatalog()

function planOf(graph: unknown, options: Parameters<typeof validateAndPlan>[2] = {}) {
  const result = validateAndPlan(graph, catalog, options)
  if (!result.ok) throw new Error(`expected a plan, got ${JSON.stringify(result.problems)}`)
  return result.plan
}

describe('validateAndPlan', () => {
  it('plans the ancestors of the graph outputs in dependency order, ties in file order', () => {
    const plan = planOf(validGraph())
    expect(plan.nodes.map((n) => n.id)).toEqual(['data', 'makerA', 'makerB', 'train', 'eval'])
    expect(plan.targets).toEqual([{ nodeId: 'eval', port: 'metrics' }])
    expect(plan.outputs).toEqual(['eval.metrics'])
  })

  it('fills params once: references substituted, overrides coerced, schema defaults in', () => {
    const plan = planOf(validGraph(), { overrides: { epochs: '7' } })
    const byId = new Map(plan.nodes.map((n) => [n.id, n]))
    expect(byId.get('train')?.params).toEqual({ epochs: 7, tag: 'run-7', mode: 'fast' })
    expect(byId.get('data')?.params).toEqual({ root: 'data/bottle', imageSize: 224 })
    expect(byId.get('makerB')?.params).toEqual({ seed: 0 })
    expect(byId.get('train')?.entry.type).toBe('test.train')
  })

  it('lists the sources of every input port in edge order, unconnected ports as empty lists', () => {
    const train = planOf(validGraph()).nodes.find((n) => n.id === 'train')
    expect(train?.inputs).toEqual({
      dataset: [{ node: 'data', port: 'dataset' }],
      makers: [
        { node: 'makerA', port: 'maker' },
        { node: 'makerB', port: 'maker' },
      ],
    })
    expect(planOf(validGraph()).nodes.find((n) => n.id === 'eval')?.inputs.threshold).toEqual([])
  })

  it('keeps only what the requested targets need', () => {
    const plan = planOf(validGraph(), { targets: ['makerA.maker', 'data'] })
    expect(plan.nodes.map((n) => n.id)).toEqual(['data', 'makerA'])
    expect(plan.outputs).toEqual(['makerA.maker', 'data.dataset'])
  })

  it('defaults to every sink node when the graph names no outputs', () => {
    const graph = { ...validGraph(), outputs: undefined }
    expect(planOf(graph).targets).toEqual([{ nodeId: 'eval' }])
  })

  it('reports unknown targets and ports, and graph problems, instead of a plan', () => {
    const bad = validateAndPlan(validGraph(), catalog, { targets: ['nope', 'train.loss'] })
    expect(bad.ok).toBe(false)
    expect(bad.problems.map((p) => [p.code, p.found])).toEqual([
      ['unknown_output', '"nope"'],
      ['unknown_output', '"loss"'],
    ])
    const graph = validGraph()
    graph.edges.pop()
    const invalid = validateAndPlan(graph, catalog)
    expect(invalid.ok).toBe(false)
    expect(invalid.problems.map((p) => p.code)).toEqual(['required_input_missing'])
  })

  it('accepts the file text, migrating older schema versions', () => {
    const plan = planOf(JSON.stringify(validGraph()))
    expect(plan.graph.name).toBe('fake pipeline')
  })

  it('refuses an empty graph: there is nothing to run', () => {
    const result = validateAndPlan({ schemaVersion: 1, name: 'empty', nodes: [], edges: [] }, catalog)
    expect(result.ok).toBe(false)
    expect(result.problems).toMatchObject([{ code: 'empty_graph', path: '/nodes' }])
  })
})
