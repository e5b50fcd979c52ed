import { type ExecutionPlan, type GraphProblem, type PlannedNode, validateAndPlan } from '@inspectflow/graph-schema'
import type { AnyNodeDefinition, NodeRegistry } from '@inspectflow/nodes'

import type { RunOptions } from './run-options'

/** A planned node with the definition that runs it, looked up once per run. */
export interface RunPlanNode extends PlannedNode {
  definition: AnyNodeDefinition
}

/** A graph that validated and planned cleanly, bound to the registry's node definitions. */
export interface PreparedRun {
  plan: ExecutionPlan
  /** The planned nodes by id, in plan order. */
  nodes: Map<string, RunPlanNode>
}

/**
 * The executor's side of validateAndPlan: takes the plan the caller already made (the server checks
 * a graph when it accepts the run) or makes it, and binds each node to its definition. Returns every
 * problem instead when the graph is invalid or a requested target does not exist: then no node runs.
 */
export function prepareRun(options: RunOptions): PreparedRun | { problems: GraphProblem[] } {
  const planned = options.plan
    ? { ok: true as const, plan: options.plan }
    : validateAndPlan(options.graph, options.registry.catalog, { overrides: options.overrides, targets: options.targets })
  if (!planned.ok) return { problems: planned.problems }
  const nodes = new Map(planned.plan.nodes.map((node) => [node.id, { ...node, definition: definitionFor(options.registry, node) }]))
  return { plan: planned.plan, nodes }
}

function definitionFor(registry: NodeRegistry, node: PlannedNode): AnyNodeDefinition {
  const definition = registry.get(node.entry.type, node.entry.typeVersion)
  // The catalog the plan was checked against is the registry's own, so this is a programming error.
  if (!definition) throw new Error(`node "${node.id}": ${node.entry.type}@${node.entry.typeVersion} is in the catalog but has no definition`)
  return definition
}
