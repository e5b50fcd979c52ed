/**
 * Adapters between the graph file (the one format the CLI runs and the server stores) and the
 * editor's plain model of it. The Rete editor is a view over this model (see editor/apply-model.ts);
 * the file is never the editor's internal state, and fields the editor does not understand in `ui`
 * blocks survive a load/save round trip.
 */
import { CURRENT_SCHEMA_VERSION, type GraphEdge, type GraphFile, type GraphNode } from '@inspectflow/graph-schema'

/** A node as the editor holds it: the file fields plus a canvas position. */
export interface ModelNode {
  id: string
  type: string
  typeVersion: number
  label?: string
  params: Record<string, unknown>
  position: { x: number; y: number }
  /** The node's `ui` block without `x`/`y`, kept verbatim. */
  uiExtra: Record<string, unknown>
}

/** A connection from an output port to an input port, by node id and port name. */
export interface ModelConnection {
  source: string
  sourceOutput: string
  target: string
  targetInput: string
}

/** Canvas pan and zoom. */
export interface Viewport {
  x: number
  y: number
  k: number
}

/** The graph-level fields the canvas does not show (name, description, params, outputs, unknown ui). */
export type GraphMeta = Omit<GraphFile, 'nodes' | 'edges'>

/** Everything the editor needs to redraw a graph and write it back. */
export interface EditorModel {
  meta: GraphMeta
  nodes: ModelNode[]
  connections: ModelConnection[]
  viewport?: Viewport
  /** The file's `ui.zoom` (a zoom without a position), used when it has no viewport. */
  zoom?: number
}

/** A fresh, empty graph. */
export function emptyModel(name = 'untitled'): EditorModel {
  return { meta: { schemaVersion: CURRENT_SCHEMA_VERSION, name, params: {} }, nodes: [], connections: [] }
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback
}

function nodeToModel(node: GraphNode, index: number): ModelNode {
  const { x, y, ...uiExtra } = node.ui ?? {}
  return {
    id: node.id,
    type: node.type,
    typeVersion: node.typeVersion,
    ...(node.label !== undefined ? { label: node.label } : {}),
    params: structuredClone(node.params ?? {}),
    // Files without layout get a simple diagonal so nodes never stack on one spot.
    position: { x: numberOr(x, index * 260), y: numberOr(y, index * 40) },
    uiExtra: structuredClone(uiExtra),
  }
}

function readViewport(ui: Record<string, unknown> | undefined): Viewport | undefined {
  const viewport = ui?.viewport as Partial<Viewport> | undefined
  if (!viewport || typeof viewport !== 'object') return undefined
  return { x: numberOr(viewport.x, 0), y: numberOr(viewport.y, 0), k: numberOr(viewport.k, 1) }
}

/** Reads a graph file into the editor model. The file is not modified. */
export function graphFileToModel(file: GraphFile): EditorModel {
  const { nodes, edges, ...meta } = structuredClone(file)
  const viewport = readViewport(file.ui)
  const zoom = typeof file.ui?.zoom === 'number' && file.ui.zoom > 0 ? file.ui.zoom : undefined
  return {
    meta,
    nodes: nodes.map(nodeToModel),
    connections: edges.map((e) => ({ source: e.from.node, sourceOutput: e.from.port, target: e.to.node, targetInput: e.to.port })),
    ...(viewport ? { viewport } : {}),
    ...(zoom ? { zoom } : {}),
  }
}

function modelNodeToFile(node: ModelNode): GraphNode {
  const out: GraphNode = { id: node.id, type: node.type, typeVersion: node.typeVersion }
  if (node.label !== undefined) out.label = node.label
  out.params = structuredClone(node.params)
  out.ui = { ...structuredClone(node.uiExtra), x: Math.round(node.position.x), y: Math.round(node.position.y) }
  return out
}

function connectionToEdge(c: ModelConnection): GraphEdge {
  return { from: { node: c.source, port: c.sourceOutput }, to: { node: c.target, port: c.targetInput } }
}

/** Writes the editor model as a graph file: positions in node `ui`, viewport in graph `ui`. */
export function modelToGraphFile(model: EditorModel): GraphFile {
  const meta = structuredClone(model.meta)
  // A file that states its zoom keeps stating the zoom it was last seen at.
  const zoom = typeof meta.ui?.zoom === 'number' && model.viewport ? { zoom: model.viewport.k } : {}
  const ui = model.viewport ? { ...(meta.ui ?? {}), viewport: { ...model.viewport }, ...zoom } : meta.ui
  return {
    ...meta,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    nodes: model.nodes.map(modelNodeToFile),
    edges: model.connections.map(connectionToEdge),
    ...(ui ? { ui } : {}),
  }
}

/** A node id that is not taken yet, derived from the node type (`score.ldknn` -> `ldknn`, `ldknn2`, ...). */
export function freshNodeId(type: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  const base = (type.split('.').pop() ?? 'node').replace(/[^A-Za-z0-9_-]/g, '') || 'node'
  if (!used.has(base)) return base
  for (let n = 2; ; n++) if (!used.has(`${base}${n}`)) return `${base}${n}`
}
