import type { GraphFile } from './graph-file'

/** `from` must run before `to`. */
export interface Dependency {
  from: string
  to: string
}

/** Kahn's algorithm result: the runnable order, and the nodes it could not place (on or after a cycle). */
export interface KahnResult {
  order: string[]
  blocked: string[]
}

/**
 * Orders node ids so that every dependency's `from` comes before its `to` (Kahn's algorithm). Ties
 * keep the order of `nodeIds`, so the same graph always runs in the same order. Dependencies that
 * name unknown ids are ignored; duplicate ids count once.
 */
export function kahnOrder(nodeIds: readonly string[], dependencies: readonly Dependency[]): KahnResult {
  const ids = [...new Set(nodeIds)]
  const known = new Set(ids)
  const indegree = new Map(ids.map((id) => [id, 0]))
  const successors = new Map<string, string[]>(ids.map((id) => [id, []]))
  for (const { from, to } of dependencies) {
    if (!known.has(from) || !known.has(to)) continue
    successors.get(from)?.push(to)
    indegree.set(to, (indegree.get(to) ?? 0) + 1)
  }
  const ready = ids.filter((id) => indegree.get(id) === 0)
  const order: string[] = []
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i] as string
    order.push(id)
    for (const next of successors.get(id) ?? []) {
      const left = (indegree.get(next) ?? 0) - 1
      indegree.set(next, left)
      if (left === 0) ready.push(next)
    }
  }
  const placed = new Set(order)
  return { order, blocked: ids.filter((id) => !placed.has(id)) }
}

/** The node-to-node dependencies of a graph's edges. */
export function graphDependencies(graph: Pick<GraphFile, 'edges'>): Dependency[] {
  return graph.edges.map((edge) => ({ from: edge.from.node, to: edge.to.node }))
}

/** Raised by topologicalOrder when the graph has a cycle; names the nodes that could not be ordered. */
export class GraphCycleError extends Error {
  readonly nodeIds: string[]
  constructor(nodeIds: string[]) {
    super(`the graph has a cycle: nodes ${nodeIds.map((id) => `"${id}"`).join(', ')} depend on each other`)
    this.name = 'GraphCycleError'
    this.nodeIds = nodeIds
  }
}

/**
 * Node ids of a graph in an order where every node comes after the nodes feeding it. For graphs
 * that passed the checks; throws GraphCycleError otherwise.
 */
export function topologicalOrder(graph: Pick<GraphFile, 'nodes' | 'edges'>): string[] {
  const { order, blocked } = kahnOrder(
    graph.nodes.map((n) => n.id),
    graphDependencies(graph),
  )
  if (blocked.length > 0) throw new GraphCycleError(blocked)
  return order
}
