import { createHash } from 'node:crypto'

import type { GraphFile } from '@inspectflow/graph-schema'
import type { RunInfo } from '@inspectflow/nodes'

import { canonicalJson } from '../cache/canonical-json'

const described = new WeakMap<GraphFile, RunInfo>()

/**
 * Provenance of a run for its nodes' reports: graph name, a hash of what the graph computes (the
 * editor's `ui` layout is left out, so moving a node does not change it) and every node's version.
 * Memoised per graph object because every node of the run asks for it.
 */
export function describeRun(graph: GraphFile): RunInfo {
  const known = described.get(graph)
  if (known) return known
  const { ui: _ui, ...content } = graph
  const nodes = content.nodes.map(({ ui: _nodeUi, ...node }) => node)
  const graphHash = createHash('sha256').update(canonicalJson({ ...content, nodes })).digest('hex')
  const nodeVersions = Object.fromEntries(graph.nodes.map((n) => [n.id, `${n.type}@${n.typeVersion}`]))
  const info = { graphName: graph.name, graphHash, nodeVersions }
  described.set(graph, info)
  return info
}
