import type { GraphProblem } from '@inspectflow/graph-schema'
import type { Engines, NodeRegistry } from '@inspectflow/nodes'

import { prepareRun } from '../executor/prepare-run'
import { HttpError } from './errors'
import type { ValidateFn } from './run-service'
import type { ServerLimits } from './server-options'

/**
 * The server's graph check: exactly what the executor does before it runs anything (migrate, validate,
 * graph checks, param overrides, targets), so a run the API accepts never fails on a graph problem.
 */
export function createGraphValidator(registry: NodeRegistry, engines: Engines, baseDir: string): ValidateFn {
  return (graph, overrides, targets) => {
    try {
      const prepared = prepareRun({
        runId: 'validate',
        graph,
        registry,
        engines,
        overrides,
        targets,
        cacheDir: baseDir,
        artifactDir: baseDir,
        baseDir,
        onEvent: () => {},
      })
      return 'problems' in prepared ? prepared.problems : []
    } catch (error) {
      return [checkCrashed(error)]
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
