import { type GraphProblem, validateAndPlan } from '@inspectflow/graph-schema'
import type { NodeRegistry } from '@inspectflow/nodes'

import { HttpError } from './errors'
import type { ValidateFn } from './run-service'
import type { ServerLimits } from './server-options'

/**
 * The server's graph check: validateAndPlan against the registry's catalog, exactly what the executor
 * runs, so a run the API accepts never fails on a graph problem and its plan goes to the executor.
 */
export function createGraphValidator(registry: NodeRegistry): ValidateFn {
  return (graph, overrides, targets) => {
    try {
      return validateAndPlan(graph, registry.catalog, { overrides, targets })
    } catch (error) {
      return { ok: false, problems: [checkCrashed(error)] }
    }
  }
}

function checkCrashed(error: unknown): GraphProblem {
  const reason = error instanceof Error ? error.message : String(error)
  return {
    code: 'schema_invalid',
    path: '',
    expected: 'a graph the checks can read',
    found: `a graph that made the checks fail (${reason})`,
    message: `the graph could not be checked: ${reason}`,
  }
}

function countOf(graph: unknown, key: 'nodes' | 'edges'): number {
  const list = (graph as Record<string, unknown> | null)?.[key]
  return Array.isArray(list) ? list.length : 0
}

/** Throws 400 for a body that is not a JSON object and 413 for a graph over the node or edge limit. */
export function checkGraphShape(graph: unknown, limits: ServerLimits): void {
  if (typeof graph !== 'object' || graph === null || Array.isArray(graph)) {
    throw new HttpError(400, 'invalid_graph', `a graph must be a JSON object with schemaVersion, nodes and edges; got ${Array.isArray(graph) ? 'an array' : typeof graph}`)
  }
  const nodes = countOf(graph, 'nodes')
  const edges = countOf(graph, 'edges')
  if (nodes > limits.maxGraphNodes || edges > limits.maxGraphEdges) {
    throw new HttpError(
      413,
      'graph_too_large',
      `graph has ${nodes} nodes and ${edges} edges; the limits are ${limits.maxGraphNodes} nodes and ${limits.maxGraphEdges} edges`,
    )
  }
}
