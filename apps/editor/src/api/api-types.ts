import type { GraphFile, GraphProblem, NodeCatalogEntry } from '@inspectflow/graph-schema'

/** One entry of `GET /api/graphs`. */
export interface GraphListEntry {
  name: string
  title: string
  description: string
  template: boolean
  updatedAt?: string
}

/** State of one node in a run record. */
export interface NodeStateRecord {
  state: string
  done?: number
  total?: number
  message?: string
}

/** A run as the server reports it (docs/api.md). */
export interface RunRecord {
  runId: string
  graphName: string
  status: 'queued' | 'running' | 'finished' | 'failed' | 'cancelled'
  position?: number
  createdAt: string | number
  startedAt?: string | number
  endedAt?: string | number
  /** Why it failed; a plain string from servers before the record carried the failing node. */
  error?: string | { message: string; nodeId?: string; nodeType?: string }
  nodeStates: Record<string, NodeStateRecord>
  summary?: { metrics?: Record<string, unknown>; threshold?: unknown }
}

/** A file a run wrote for people. */
export interface Artifact {
  name: string
  size: number
  url: string
}

/** `GET /api/nodes`. */
export interface CatalogResponse {
  nodes: NodeCatalogEntry[]
  sockets: Record<string, { color: string; description: string }>
}

/** `PUT /api/graphs/:name` and `POST /api/graphs/validate`. */
export interface SaveResponse {
  name: string
  problems: GraphProblem[]
}

/** Body of `POST /api/runs`. */
export interface StartRunRequest {
  graphName?: string
  graph?: GraphFile
  params?: Record<string, unknown>
  targets?: string[]
}

/** `GET /api/fs`: data roots and folder listings, shared with the server. */
export type { DataRootEntry as DataRoot, FsEntry, FsListing } from '@inspectflow/graph-schema'
