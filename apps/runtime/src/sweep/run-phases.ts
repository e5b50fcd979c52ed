import type { GraphFile } from '@inspectflow/graph-schema'
import type { NodeRegistry } from '@inspectflow/nodes'

/** Which nodes of a graph fit the model and which score the test images, for the fit and score times. */
export interface RunPhases {
  /** Every node a memory bank is built from, the bank node included (data, backbone, fine-tuning, train features). */
  fit: Set<string>
  /** The nodes with a `MemoryBank` output: when none of them ran, the fit came from the cache. */
  banks: Set<string>
  /** The nodes score maps are computed from that are not fit nodes (test features, scoring, maps). */
  score: Set<string>
}

/**
 * Splits a graph into its fit and score phases by socket type: fit = the nodes with a `MemoryBank`
 * output and everything upstream of them; score = the nodes with a `Scores` output and everything
 * upstream of them, less the fit nodes. Thresholds, metrics and reports belong to neither.
 */
export function runPhases(graph: GraphFile, registry: NodeRegistry): RunPhases {
  const upstream = new Map<string, string[]>()
  for (const edge of graph.edges) upstream.set(edge.to.node, [...(upstream.get(edge.to.node) ?? []), edge.from.node])
  const withOutput = (type: string) =>
    graph.nodes.filter((node) => Object.values(registry.get(node.type, node.typeVersion)?.outputs ?? {}).some((port) => port.type === type)).map((node) => node.id)
  const banks = withOutput('MemoryBank')
  const fit = closure(banks, upstream)
  const score = closure(withOutput('Scores'), upstream)
  for (const id of fit) score.delete(id)
  return { fit, banks: new Set(banks), score }
}

function closure(start: string[], upstream: Map<string, string[]>): Set<string> {
  const seen = new Set<string>()
  const stack = [...start]
  while (stack.length) {
    const id = stack.pop() as string
    if (seen.has(id)) continue
    seen.add(id)
    stack.push(...(upstream.get(id) ?? []))
  }
  return seen
}

/** Milliseconds a run spent on a phase: the sum over its nodes that ran (cached and skipped ones cost nothing). */
export function phaseMs(phase: Set<string>, nodeMs: ReadonlyMap<string, number>): number {
  let total = 0
  for (const id of phase) total += nodeMs.get(id) ?? 0
  return total
}
