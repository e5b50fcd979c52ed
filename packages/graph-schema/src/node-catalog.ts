import type { NodeMigration } from './migrations/node-migration'
import type { SocketType } from './socket-types'

/** A node input as the catalog describes it. */
export interface PortSpec {
  type: SocketType
  description?: string
  /** Absent or false: the input must be connected. */
  optional?: boolean
  /** True: the input accepts several edges and receives a list. */
  multiple?: boolean
}

/** A node output as the catalog describes it. */
export interface OutputSpec {
  type: SocketType
  description?: string
}

/**
 * The serialisable description of one node type: what the runtime serves at `GET /api/nodes` and what
 * the graph checks and the editor build on. The `run` function is not part of it.
 */
export interface NodeCatalogEntry {
  type: string
  typeVersion: number
  title: string
  category: string
  description: string
  inputs: Record<string, PortSpec>
  outputs: Record<string, OutputSpec>
  /** JSON Schema (draft 2020-12 subset ajv understands) of the node's params object. */
  params: Record<string, unknown>
}

/** Lookup of catalog entries by type and version. */
export interface NodeCatalog {
  get(type: string, typeVersion: number): NodeCatalogEntry | undefined
  versions(type: string): number[]
  all(): NodeCatalogEntry[]
  /** Upgrades of node types and versions no longer in the catalog, applied when a graph is loaded. */
  readonly migrations: readonly NodeMigration[]
}

/** Builds a catalog over a list of entries and the node migrations that lead to them. */
export function createCatalog(entries: NodeCatalogEntry[], migrations: readonly NodeMigration[] = []): NodeCatalog {
  const byKey = new Map(entries.map((e) => [`${e.type}@${e.typeVersion}`, e]))
  return {
    get: (type, typeVersion) => byKey.get(`${type}@${typeVersion}`),
    versions: (type) => entries.filter((e) => e.type === type).map((e) => e.typeVersion),
    all: () => [...entries],
    migrations,
  }
}
