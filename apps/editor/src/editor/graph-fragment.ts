import type { GraphEdge, GraphFile, GraphNode } from '@inspectflow/graph-schema'

/** Copied nodes and the links among them, as graph-file JSON: what the clipboard carries between tabs. */
export interface GraphFragment {
  inspectflow: 'fragment'
  nodes: GraphNode[]
  edges: GraphEdge[]
}

/** The selected nodes of a graph file and the links between them (links to other nodes are left out). */
export function fragmentOf(file: Pick<GraphFile, 'nodes' | 'edges'>, ids: ReadonlySet<string>): GraphFragment {
  return {
    inspectflow: 'fragment',
    nodes: structuredClone(file.nodes.filter((n) => ids.has(n.id))),
    edges: structuredClone(file.edges.filter((e) => ids.has(e.from.node) && ids.has(e.to.node))),
  }
}

function isNode(value: unknown): value is GraphNode {
  const n = value as Partial<GraphNode> | null
  return !!n && typeof n.id === 'string' && typeof n.type === 'string' && typeof n.typeVersion === 'number'
}

function isEdge(value: unknown): value is GraphEdge {
  const e = value as Partial<GraphEdge> | null
  return !!e && typeof e.from?.node === 'string' && typeof e.from.port === 'string' && typeof e.to?.node === 'string' && typeof e.to.port === 'string'
}

/** Reads clipboard text as a fragment (or a whole current graph file); undefined for anything else. */
export function parseFragment(text: string): GraphFragment | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  const v = value as { nodes?: unknown; edges?: unknown } | null
  if (!v || !Array.isArray(v.nodes) || !v.nodes.every(isNode)) return undefined
  const edges = Array.isArray(v.edges) ? v.edges : []
  if (!edges.every(isEdge)) return undefined
  return { inspectflow: 'fragment', nodes: v.nodes, edges }
}

function position(node: GraphNode): { x: number; y: number } {
  const x = node.ui?.x
  const y = node.ui?.y
  return { x: typeof x === 'number' ? x : 0, y: typeof y === 'number' ? y : 0 }
}

/** A free id for a copy of node `id`: `score` -> `score2`, `layer2` -> `layer3`, ... */
export function copyId(id: string, used: ReadonlySet<string>): string {
  if (!used.has(id)) return id
  const base = id.replace(/\d+$/, '') || 'node'
  for (let n = 2; ; n++) if (!used.has(`${base}${n}`)) return `${base}${n}`
}

/**
 * The fragment ready to add to a graph whose ids are `taken`: every node under a fresh id (links
 * follow), and moved so that its top-left node lands at `at`.
 */
export function placeFragment(fragment: GraphFragment, taken: Iterable<string>, at: { x: number; y: number }): GraphFragment {
  const used = new Set(taken)
  const ids = new Map<string, string>()
  const left = Math.min(...fragment.nodes.map((n) => position(n).x))
  const top = Math.min(...fragment.nodes.map((n) => position(n).y))
  const nodes = fragment.nodes.map((node) => {
    const id = copyId(node.id, used)
    used.add(id)
    ids.set(node.id, id)
    const p = position(node)
    return { ...structuredClone(node), id, ui: { ...node.ui, x: at.x + p.x - left, y: at.y + p.y - top } }
  })
  const edges = fragment.edges
    .filter((e) => ids.has(e.from.node) && ids.has(e.to.node))
    .map((e) => ({ from: { node: ids.get(e.from.node)!, port: e.from.port }, to: { node: ids.get(e.to.node)!, port: e.to.port } }))
  return { inspectflow: 'fragment', nodes, edges }
}
