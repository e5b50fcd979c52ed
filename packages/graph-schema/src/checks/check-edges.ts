import type { GraphEdge, GraphFile } from '../graph-file'
import type { OutputSpec, PortSpec } from '../node-catalog'
import { jsonPointer, listNames, makeProblem, ownEntry } from '../problem-text'
import type { GraphProblem } from '../problems'
import { socketsCompatible } from '../socket-types'
import type { NodeIndex } from './check-nodes'

type Side = 'from' | 'to'

/** Outcome of looking up one end of an edge: its port spec, a problem, or nothing checkable. */
type Endpoint = { spec: OutputSpec | PortSpec } | { problem: GraphProblem } | { unchecked: true }

/**
 * Checks every edge: both nodes exist, the `from` port is an output and the `to` port an input of
 * its node, and the socket types are compatible. Edges touching a node of unknown type are not
 * port-checked (the node's own problem says why), so one mistake is reported once.
 */
export function checkEdges(graph: GraphFile, index: NodeIndex): GraphProblem[] {
  const problems: GraphProblem[] = []
  graph.edges.forEach((edge, i) => {
    const from = lookUpEndpoint(edge, i, 'from', index)
    const to = lookUpEndpoint(edge, i, 'to', index)
    for (const end of [from, to]) if ('problem' in end) problems.push(end.problem)
    if ('spec' in from && 'spec' in to && !socketsCompatible(from.spec.type, to.spec.type)) {
      problems.push(typeMismatchProblem(edge, i, from.spec, to.spec))
    }
  })
  return problems
}

function lookUpEndpoint(edge: GraphEdge, edgeAt: number, side: Side, index: NodeIndex): Endpoint {
  const ref = edge[side]
  if (!index.positions.has(ref.node)) {
    const known = [...index.positions.keys()]
    // The problem belongs to the node at the other end, the one a person can find in the editor.
    const otherEnd = edge[side === 'from' ? 'to' : 'from'].node
    return {
      problem: makeProblem({
        code: 'unknown_node',
        nodeId: index.positions.has(otherEnd) ? otherEnd : undefined,
        path: jsonPointer('edges', edgeAt, side, 'node'),
        expected: `the id of a node in this graph (${listNames(known)})`,
        found: `"${ref.node}"`,
        message: `edge /edges/${edgeAt} ${side === 'from' ? 'starts at' : 'ends at'} node "${ref.node}", which is not in the graph`,
      }),
    }
  }
  const entry = index.entries.get(ref.node)
  if (!entry) return { unchecked: true }
  const ports: Record<string, OutputSpec | PortSpec> = side === 'from' ? entry.outputs : entry.inputs
  const spec = ownEntry(ports, ref.port)
  if (spec) return { spec }
  const kind = side === 'from' ? 'output' : 'input'
  return {
    problem: makeProblem({
      code: 'unknown_port',
      nodeId: ref.node,
      path: jsonPointer('edges', edgeAt, side, 'port'),
      expected: `an ${kind} of ${entry.type}: ${listNames(Object.keys(ports))}`,
      found: `"${ref.port}"`,
      message: `node "${ref.node}" (${entry.type}) has no ${kind} "${ref.port}"; its ${kind}s: ${listNames(Object.keys(ports))}`,
    }),
  }
}

function typeMismatchProblem(edge: GraphEdge, at: number, from: OutputSpec, to: PortSpec): GraphProblem {
  const source = `${edge.from.node}.${edge.from.port}`
  const target = `${edge.to.node}.${edge.to.port}`
  return makeProblem({
    code: 'type_mismatch',
    nodeId: edge.to.node,
    path: jsonPointer('edges', at),
    expected: `a ${to.type} output for input ${target}`,
    found: `${from.type} from ${source}`,
    message: `edge /edges/${at} connects ${source} (${from.type}) to ${target}, which accepts ${to.type}`,
  })
}
