/**
 * The graph file, schemaVersion 1: one format for the editor, headless runs and sharing.
 * Layout lives in optional `ui` blocks that the runtime ignores.
 */

/** The schema version this program reads and writes. */
export const CURRENT_SCHEMA_VERSION = 1

/** A graph-level parameter that nodes reference as `${params.name}` and runs override with `--set`. */
export interface GraphParamDecl {
  type: 'string' | 'number' | 'integer' | 'boolean'
  default?: string | number | boolean
  description?: string
}

/** One node instance in a graph file. */
export interface GraphNode {
  id: string
  type: string
  typeVersion: number
  /** Free-text label shown in the editor instead of the node type's title. */
  label?: string
  params?: Record<string, unknown>
  ui?: Record<string, unknown>
}

/** One end of an edge: a node id and a port name (never a position). */
export interface PortRef {
  node: string
  port: string
}

/** A connection from an output port to an input port. */
export interface GraphEdge {
  from: PortRef
  to: PortRef
}

/** The whole graph file at the current schema version. */
export interface GraphFile {
  schemaVersion: typeof CURRENT_SCHEMA_VERSION
  name: string
  description?: string
  params?: Record<string, GraphParamDecl>
  nodes: GraphNode[]
  edges: GraphEdge[]
  /** Node outputs a headless run writes by default, as `nodeId.port`. */
  outputs?: string[]
  ui?: Record<string, unknown>
}
