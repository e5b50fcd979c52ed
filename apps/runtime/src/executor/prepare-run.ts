import { type GraphFile, type GraphProblem, loadGraph } from '@inspectflow/graph-schema'
import type { AnyNodeDefinition } from '@inspectflow/nodes'

import { applyParamDefaults } from './apply-defaults'
import { planRun, type RunPlan } from './plan-run'
import type { RunOptions } from './run-options'

/** A graph that loaded, checked and planned cleanly. */
export interface PreparedRun {
  graph: GraphFile
  plan: RunPlan
  definitions: Map<string, AnyNodeDefinition>
  params: Map<string, Record<string, unknown>>
}

/**
 * Loads (migrates, validates, checks) the graph and plans the run. Returns every problem instead when
 * the graph is invalid or a requested target does not exist: then no node runs.
 */
export function prepareRun(options: RunOptions): PreparedRun | { problems: GraphProblem[] } {
  const loaded = loadGraph(options.graph, options.registry.catalog, { overrides: options.overrides })
  if (!loaded.ok) return { problems: loaded.problems }
  const graph = loaded.graph
  const definitions = new Map<string, AnyNodeDefinition>()
  for (const node of graph.nodes) {
    const definition = options.registry.get(node.type, node.typeVersion)
    if (definition) definitions.set(node.id, definition)
  }
  const outputsOf = (nodeId: string): string[] => Object.keys(definitions.get(nodeId)?.outputs ?? {})
  const plan = planRun(graph, options.targets, outputsOf)
  if (Array.isArray(plan)) return { problems: plan }
  const resolved = loaded.resolvedParams as Record<string, Record<string, unknown> | undefined>
  const params = new Map<string, Record<string, unknown>>()
  for (const [nodeId, definition] of definitions) {
    const given = resolved[nodeId] ?? plan.nodes.get(nodeId)?.params ?? {}
    params.set(nodeId, applyParamDefaults(definition.params, given))
  }
  return { graph, plan, definitions, params }
}
