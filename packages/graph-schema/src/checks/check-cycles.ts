import type { GraphFile } from '../graph-file'
import { jsonPointer, listNames, makeProblem } from '../problem-text'
import type { GraphProblem } from '../problems'
import { graphDependencies, kahnOrder } from '../topological-order'
import type { NodeIndex } from './check-nodes'
import { findCycles } from './strongly-connected'

/**
 * Reports each cycle once, naming every node on it. Kahn's algorithm finds whether there is one;
 * the strongly connected components of the nodes it could not order say which nodes form it
 * (a node downstream of a cycle is blocked too, but is not on it).
 */
export function checkCycles(graph: GraphFile, index: NodeIndex): GraphProblem[] {
  const ids = [...index.positions.keys()]
  const dependencies = graphDependencies(graph)
  const { blocked } = kahnOrder(ids, dependencies)
  if (blocked.length === 0) return []
  return findCycles(blocked, dependencies).map((cycle) => cycleProblem(graph, cycle))
}

function cycleProblem(graph: GraphFile, cycle: string[]): GraphProblem {
  const members = new Set(cycle)
  const edgeAt = graph.edges.findIndex((e) => members.has(e.from.node) && members.has(e.to.node))
  const names = listNames(cycle)
  return makeProblem({
    code: 'cycle',
    nodeId: cycle[0],
    path: edgeAt >= 0 ? jsonPointer('edges', edgeAt) : '/edges',
    expected: 'edges that never lead back to a node they started from',
    found: `a cycle through nodes ${names}`,
    message: `nodes ${names} form a cycle; a graph must not feed a node's output back into itself`,
  })
}
