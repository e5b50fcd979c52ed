import { createCatalog, type NodeCatalog, type NodeMigration } from '@inspectflow/graph-schema'

import { type AnyNodeDefinition, toCatalogEntry } from './contract/define-node'
import { allNodeDefinitions, allNodeMigrations } from './nodes/index'

/** Definitions by `type@typeVersion`, plus the serialisable catalog built from them. */
export interface NodeRegistry {
  get(type: string, typeVersion: number): AnyNodeDefinition | undefined
  catalog: NodeCatalog
  definitions: AnyNodeDefinition[]
}

/**
 * Builds a registry; tests pass their own definitions (stub nodes), the product passes none. The
 * shipped node migrations come with the shipped definitions only.
 */
export function createRegistry(definitions: AnyNodeDefinition[] = allNodeDefinitions, migrations: readonly NodeMigration[] = definitions === allNodeDefinitions ? allNodeMigrations : []): NodeRegistry {
  const byKey = new Map<string, AnyNodeDefinition>()
  for (const definition of definitions) {
    const key = `${definition.type}@${definition.typeVersion}`
    if (byKey.has(key)) throw new Error(`node type ${key} is registered twice`)
    byKey.set(key, definition)
  }
  return {
    get: (type, typeVersion) => byKey.get(`${type}@${typeVersion}`),
    catalog: createCatalog(definitions.map(toCatalogEntry), migrations),
    definitions,
  }
}
