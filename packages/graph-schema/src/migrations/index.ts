import { CURRENT_SCHEMA_VERSION } from '../graph-file'
import { connectionsToEdges } from './graph-0001-connections-to-edges'
import {
  assertMigrationSequence,
  type GraphDocument,
  type GraphMigration,
  type MigrationResult,
  runMigrations,
} from './migration'

export * from './migration'
export * from './node-migration'
export { connectionsToEdges } from './graph-0001-connections-to-edges'

/** Migration ids by name; the number is the schemaVersion the migration produces (`graph/N`). */
export const graphMigrationIds = {
  ConnectionsToEdges: 1,
} as const

/** Every graph migration, oldest first. */
export const graphMigrations: readonly GraphMigration[] = [connectionsToEdges]

assertMigrationSequence(graphMigrations, CURRENT_SCHEMA_VERSION)

/** Migrates a document of schemaVersion `fromVersion` to the current schemaVersion. */
export function migrateGraph(doc: GraphDocument, fromVersion: number): MigrationResult<GraphDocument> {
  return runMigrations(doc, fromVersion, graphMigrations)
}
