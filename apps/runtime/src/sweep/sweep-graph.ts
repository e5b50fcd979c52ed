import type { GraphFile } from '@inspectflow/graph-schema'
import type { NodeRegistry } from '@inspectflow/nodes'

import type { ResolvedAxis } from './resolve-grid'

/**
 * The graph and the graph-param overrides of one combination: node params are written into a copy of
 * the graph (replacing a `${params.x}` reference where there was one), graph params join the overrides.
 */
export function graphForCombination(
  base: GraphFile,
  axes: readonly ResolvedAxis[],
  combination: Record<string, unknown>,
  overrides: Record<string, unknown>,
): { graph: GraphFile; overrides: Record<string, unknown> } {
  const graph = structuredClone(base)
  const merged = { ...overrides }
  for (const axis of axes) {
    if (!(axis.name in combination)) continue
    const value = combination[axis.name]
    if (axis.target === 'graph-param') {
      merged[axis.name] = value
    } else {
      const node = graph.nodes.find((candidate) => candidate.id === axis.nodeId) as GraphFile['nodes'][number]
      node.params = { ...node.params, [axis.param]: value }
    }
  }
  return { graph, overrides: merged }
}

/**
 * What each run computes: the graph's outputs (or its sink nodes when it names none) plus every
 * Metrics output, so a comparison row has metrics even when a report node is the graph's only output.
 */
export function sweepTargets(graph: GraphFile, registry: NodeRegistry): string[] {
  const hasOutgoing = new Set(graph.edges.map((edge) => edge.from.node))
  const base = graph.outputs?.length ? graph.outputs : graph.nodes.filter((node) => !hasOutgoing.has(node.id)).map((node) => node.id)
  const metrics = graph.nodes.flatMap((node) =>
    Object.entries(registry.get(node.type, node.typeVersion)?.outputs ?? {})
      .filter(([, port]) => port.type === 'Metrics')
      .map(([port]) => `${node.id}.${port}`),
  )
  return [...new Set([...base, ...metrics])]
}
