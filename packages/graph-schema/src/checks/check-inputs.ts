import type { GraphFile } from '../graph-file'
import { jsonPointer, makeProblem, ownEntry } from '../problem-text'
import type { GraphProblem } from '../problems'
import type { NodeIndex } from './check-nodes'

/**
 * Checks how inputs are connected: a single-connection input has at most one edge, no edge is
 * listed twice, and every required input of a known node has an edge. An edge from a missing node
 * still counts as connecting its input (its own problem is reported by the edge checks).
 */
export function checkInputs(graph: GraphFile, index: NodeIndex): GraphProblem[] {
  return [...checkConnectionCounts(graph, index), ...checkRequiredInputs(graph, index)]
}

function checkConnectionCounts(graph: GraphFile, index: NodeIndex): GraphProblem[] {
  const problems: GraphProblem[] = []
  const firstEdgeInto = new Map<string, number>()
  const seenEdges = new Map<string, number>()
  graph.edges.forEach((edge, i) => {
    const input = `${edge.to.node}.${edge.to.port}`
    const whole = `${edge.from.node}.${edge.from.port}->${input}`
    const spec = ownEntry(index.entries.get(edge.to.node)?.inputs, edge.to.port)
    const earlier = spec?.multiple ? seenEdges.get(whole) : firstEdgeInto.get(input)
    if (spec && earlier !== undefined) {
      problems.push(connectedTwiceProblem(graph, i, earlier, Boolean(spec.multiple)))
    }
    if (!firstEdgeInto.has(input)) firstEdgeInto.set(input, i)
    if (!seenEdges.has(whole)) seenEdges.set(whole, i)
  })
  return problems
}

function connectedTwiceProblem(graph: GraphFile, at: number, earlier: number, multiple: boolean): GraphProblem {
  const edge = graph.edges[at] as GraphFile['edges'][number]
  const input = `${edge.to.node}.${edge.to.port}`
  const message = multiple
    ? `edge /edges/${at} repeats /edges/${earlier}: ${edge.from.node}.${edge.from.port} -> ${input}`
    : `input ${input} takes one connection but /edges/${earlier} and /edges/${at} both end there`
  return makeProblem({
    code: 'input_connected_twice',
    nodeId: edge.to.node,
    path: jsonPointer('edges', at, 'to'),
    expected: multiple ? 'each edge listed once' : `one edge into ${input}`,
    found: multiple ? `a repeat of /edges/${earlier}` : `a second edge (the first is /edges/${earlier})`,
    message,
  })
}

function checkRequiredInputs(graph: GraphFile, index: NodeIndex): GraphProblem[] {
  const connected = new Set(graph.edges.map((e) => `${e.to.node}.${e.to.port}`))
  const problems: GraphProblem[] = []
  for (const [nodeId, entry] of index.entries) {
    for (const [port, spec] of Object.entries(entry.inputs)) {
      if (spec.optional || connected.has(`${nodeId}.${port}`)) continue
      problems.push(
        makeProblem({
          code: 'required_input_missing',
          nodeId,
          path: jsonPointer('nodes', index.positions.get(nodeId) as number),
          expected: `an edge into input "${port}" (${spec.type})`,
          found: 'no edge',
          message: `node "${nodeId}" (${entry.type}): required input "${port}" (${spec.type}) is not connected`,
        }),
      )
    }
  }
  return problems
}
