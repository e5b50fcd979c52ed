import { checkCycles } from './checks/check-cycles'
import { checkEdges } from './checks/check-edges'
import { checkInputs } from './checks/check-inputs'
import { checkNodeParams } from './checks/check-node-params'
import { checkNodes } from './checks/check-nodes'
import { checkOutputs } from './checks/check-outputs'
import type { GraphFile } from './graph-file'
import { resolveGraphParams } from './graph-params'
import type { NodeCatalog } from './node-catalog'
import type { GraphProblem } from './problems'

/** Options of checkGraph. */
export interface CheckGraphOptions {
  /** Graph param overrides (`--set name=value`); strings are coerced to the declared type. */
  overrides?: Record<string, unknown>
}

/** Every problem of a schema-valid graph, and each node's params resolved for running. */
export interface GraphCheckResult {
  problems: GraphProblem[]
  /** Params by node id: references substituted, schema defaults filled in. */
  resolvedParams: Record<string, Record<string, unknown>>
}

/**
 * Runs every graph check on a graph that passed the JSON Schema: unique node ids, known node types
 * and versions, edges between existing ports of compatible socket types, required inputs connected,
 * single-connection inputs connected once, no cycles, `outputs` that exist, graph params that
 * resolve, and node params valid against their node type's schema. All problems are collected.
 */
export function checkGraph(
  graph: GraphFile,
  catalog: NodeCatalog,
  options: CheckGraphOptions = {},
): GraphCheckResult {
  const { index, problems: nodeProblems } = checkNodes(graph, catalog)
  const graphParams = resolveGraphParams(graph.params, options.overrides)
  const nodeParams = checkNodeParams(graph, {
    index,
    catalog,
    values: graphParams.values,
    declared: new Set(Object.keys(graph.params ?? {})),
  })
  const problems = [
    ...nodeProblems,
    ...checkEdges(graph, index),
    ...checkInputs(graph, index),
    ...checkCycles(graph, index),
    ...checkOutputs(graph, index),
    ...graphParams.problems,
    ...nodeParams.problems,
  ]
  return { problems, resolvedParams: nodeParams.resolvedParams }
}
