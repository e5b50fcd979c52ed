import { closestNames, coerceParamValue, type GraphFile } from '@inspectflow/graph-schema'
import type { NodeRegistry } from '@inspectflow/nodes'

import type { GridAxis } from './sweep-grid'

/** A grid axis bound to what it changes, its values already of the type the graph expects. */
export type ResolvedAxis =
  | { name: string; target: 'graph-param'; values: unknown[] }
  | { name: string; target: 'node-param'; nodeId: string; param: string; values: unknown[] }

/** A grid that names nothing in the graph, or a value the named param cannot take. */
export class GridError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'GridError'
  }
}

interface ParamSchema {
  type?: string
  anyOf?: ParamSchema[]
  const?: unknown
}

/**
 * Binds every axis to a graph param (`k`) or a node's param (`score.k`), coercing its values. A name
 * that matches neither fails with the closest graph params and `nodeId.param` names, so a typo says
 * which node and param were meant.
 */
export function resolveGrid(axes: readonly GridAxis[], graph: GraphFile, registry: NodeRegistry): ResolvedAxis[] {
  const seen = new Set<string>()
  return axes.map((axis) => {
    if (seen.has(axis.name)) throw new GridError(`--grid ${axis.name} is given twice; list all its values in one --grid`)
    seen.add(axis.name)
    return resolveAxis(axis, graph, registry)
  })
}

function resolveAxis(axis: GridAxis, graph: GraphFile, registry: NodeRegistry): ResolvedAxis {
  const declared = graph.params?.[axis.name]
  if (declared) {
    const values = axis.values.map((value) => {
      const coerced = coerceParamValue(value, declared.type)
      if (!coerced.ok) throw new GridError(`--grid ${axis.name}: graph param "${axis.name}" expects ${declared.type}, received ${JSON.stringify(value)}`)
      return coerced.value
    })
    return { name: axis.name, target: 'graph-param', values }
  }
  const dot = axis.name.indexOf('.')
  const nodeId = dot > 0 ? axis.name.slice(0, dot) : ''
  const param = axis.name.slice(dot + 1)
  const node = graph.nodes.find((candidate) => candidate.id === nodeId)
  const properties = node ? paramProperties(registry, node.type, node.typeVersion) : undefined
  const schema = properties?.[param]
  if (!node || !schema) throw new GridError(unknownNameMessage(axis.name, graph, registry, node?.id))
  const values = axis.values.map((value) => coerceNodeParam(value, schema, axis.name, `${node.type} param "${param}"`))
  return { name: axis.name, target: 'node-param', nodeId, param, values }
}

function paramProperties(registry: NodeRegistry, type: string, typeVersion: number): Record<string, ParamSchema> | undefined {
  return registry.get(type, typeVersion)?.params.properties as Record<string, ParamSchema> | undefined
}

/** Every name a grid can use: the graph params, then `nodeId.param` for each node's params. */
export function gridNames(graph: GraphFile, registry: NodeRegistry): string[] {
  const nodeParams = graph.nodes.flatMap((node) => Object.keys(paramProperties(registry, node.type, node.typeVersion) ?? {}).map((param) => `${node.id}.${param}`))
  return [...Object.keys(graph.params ?? {}), ...nodeParams]
}

function unknownNameMessage(name: string, graph: GraphFile, registry: NodeRegistry, nodeId: string | undefined): string {
  const hints = closestNames(name, gridNames(graph, registry))
  const what = nodeId
    ? `node "${nodeId}" has no param "${name.slice(nodeId.length + 1)}"`
    : name.includes('.')
      ? `the graph has no node "${name.slice(0, name.indexOf('.'))}"`
      : `the graph has no param "${name}"`
  const graphParams = Object.keys(graph.params ?? {})
  const expected = `a graph param (${graphParams.length ? graphParams.join(', ') : 'this graph declares none'}) or nodeId.param`
  return `--grid ${name}: ${what}; expected ${expected}${hints.length ? `. Did you mean ${hints.map((hint) => `"${hint}"`).join(' or ')}?` : ''}`
}

/**
 * Command-line text to the type the node's param schema declares: numbers and booleans from their
 * text, arrays and objects from JSON; anything else stays as given for the graph checks to judge.
 */
function coerceNodeParam(value: unknown, schema: ParamSchema, name: string, what: string): unknown {
  if (typeof value !== 'string') return value
  const type = schema.type ?? schema.anyOf?.find((option) => option.type)?.type
  if (type === 'integer' || type === 'number' || type === 'boolean') {
    const coerced = coerceParamValue(value, type)
    if (!coerced.ok) throw new GridError(`--grid ${name}: ${what} expects ${type}, received "${value}"`)
    return coerced.value
  }
  if (type === 'array' || type === 'object') {
    try {
      return JSON.parse(value) as unknown
    } catch {
      throw new GridError(`--grid ${name}: ${what} expects a JSON ${type}, received "${value}"`)
    }
  }
  return value
}
