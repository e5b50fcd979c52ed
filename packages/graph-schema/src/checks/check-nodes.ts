import { closestNames } from '../closest-names'
import type { GraphFile } from '../graph-file'
import type { NodeCatalog, NodeCatalogEntry } from '../node-catalog'
import { describeValue, jsonPointer, listNames, makeProblem } from '../problem-text'
import type { GraphProblem } from '../problems'

/** What the later checks need to know about the graph's nodes. */
export interface NodeIndex {
  /** Position of each node id in `nodes` (the first one, where an id repeats). */
  positions: Map<string, number>
  /** Catalog entry of each node whose type and version are known. */
  entries: Map<string, NodeCatalogEntry>
}

/** Checks that node ids are unique and node types and versions are in the catalog. */
export function checkNodes(
  graph: GraphFile,
  catalog: NodeCatalog,
): { index: NodeIndex; problems: GraphProblem[] } {
  const index: NodeIndex = { positions: new Map(), entries: new Map() }
  const problems: GraphProblem[] = []
  graph.nodes.forEach((node, i) => {
    if (index.positions.has(node.id)) {
      problems.push(duplicateIdProblem(node.id, i, index.positions.get(node.id) as number))
      return
    }
    index.positions.set(node.id, i)
    const entry = catalog.get(node.type, node.typeVersion)
    if (entry) index.entries.set(node.id, entry)
    else problems.push(unknownTypeProblem(graph, i, catalog))
  })
  return { index, problems }
}

function duplicateIdProblem(id: string, at: number, first: number): GraphProblem {
  return makeProblem({
    code: 'duplicate_node_id',
    nodeId: id,
    path: jsonPointer('nodes', at, 'id'),
    expected: 'a node id used once',
    found: `"${id}", already the id of /nodes/${first}`,
    message: `node id "${id}" at /nodes/${at} is already used by /nodes/${first}; node ids must be unique`,
  })
}

function unknownTypeProblem(graph: GraphFile, at: number, catalog: NodeCatalog): GraphProblem {
  const node = graph.nodes[at] as GraphFile['nodes'][number]
  const versions = catalog.versions(node.type)
  if (versions.length > 0) {
    return makeProblem({
      code: 'unknown_type_version',
      nodeId: node.id,
      path: jsonPointer('nodes', at, 'typeVersion'),
      expected: `a typeVersion of "${node.type}" this program knows: ${listNames(versions)}`,
      found: describeValue(node.typeVersion),
      message: `node "${node.id}": "${node.type}" has no typeVersion ${node.typeVersion}; known versions: ${listNames(versions)}`,
    })
  }
  const types = [...new Set(catalog.all().map((e) => e.type))]
  const hints = closestNames(node.type, types)
  return makeProblem({
    code: 'unknown_node_type',
    nodeId: node.id,
    path: jsonPointer('nodes', at, 'type'),
    expected: hints.length > 0 ? `a known node type, e.g. ${listNames(hints)}` : 'a known node type',
    found: `"${node.type}"`,
    message: `node "${node.id}": unknown node type "${node.type}"${hints.length > 0 ? `; did you mean ${listNames(hints)}?` : ''}`,
  })
}
