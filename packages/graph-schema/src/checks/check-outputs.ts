import type { GraphFile } from '../graph-file'
import { jsonPointer, listNames, makeProblem, ownEntry } from '../problem-text'
import type { GraphProblem } from '../problems'
import type { NodeIndex } from './check-nodes'

/** Checks that each `outputs` entry (`nodeId.port`) names an output port of a node in the graph. */
export function checkOutputs(graph: GraphFile, index: NodeIndex): GraphProblem[] {
  const problems: GraphProblem[] = []
  ;(graph.outputs ?? []).forEach((ref, i) => {
    const problem = checkOutput(ref, jsonPointer('outputs', i), index)
    if (problem) problems.push(problem)
  })
  return problems
}

function checkOutput(ref: string, path: string, index: NodeIndex): GraphProblem | undefined {
  // The schema guarantees one dot, after a node id (node ids contain no dots).
  const nodeId = ref.slice(0, ref.indexOf('.'))
  const port = ref.slice(ref.indexOf('.') + 1)
  if (!index.positions.has(nodeId)) {
    return makeProblem({
      code: 'unknown_output',
      path,
      expected: `nodeId.port of a node in this graph (${listNames([...index.positions.keys()])})`,
      found: `"${ref}"`,
      message: `output "${ref}" names node "${nodeId}", which is not in the graph`,
    })
  }
  const entry = index.entries.get(nodeId)
  if (!entry || ownEntry(entry.outputs, port)) return undefined
  const ports = listNames(Object.keys(entry.outputs))
  return makeProblem({
    code: 'unknown_output',
    nodeId,
    path,
    expected: `an output of ${entry.type}: ${ports}`,
    found: `"${port}"`,
    message: `output "${ref}": node "${nodeId}" (${entry.type}) has no output "${port}"; its outputs: ${ports}`,
  })
}
