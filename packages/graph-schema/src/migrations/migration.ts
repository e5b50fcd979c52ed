/** Outcome of a migration step or run: never thrown, always returned. */
export type MigrationResult<T> = { ok: true; value: T } | { ok: false; reason: string }

/** A graph document of any schemaVersion, as parsed JSON. */
export type GraphDocument = Record<string, unknown>

/**
 * One numbered, named, pure step between schema versions: `up` turns a document of schemaVersion
 * `version - 1` into one of `version`. It receives a copy it may modify and must not keep it.
 */
export interface GraphMigration {
  /** `graph/<version>`. */
  id: string
  name: string
  /** The schemaVersion this step produces. */
  version: number
  up(doc: GraphDocument): MigrationResult<GraphDocument>
}

/**
 * Asserts that migrations are numbered `graph/1`, `graph/2`, ... with no gap, and end at the
 * current schema version. Called when the migration list is imported, so a broken list fails every
 * test at once rather than a user's file later.
 */
export function assertMigrationSequence(migrations: readonly GraphMigration[], currentVersion: number): void {
  migrations.forEach((migration, i) => {
    const expectedVersion = i + 1
    if (migration.version !== expectedVersion || migration.id !== `graph/${expectedVersion}`) {
      throw new Error(
        `graph migration "${migration.name}" is at position ${i}: ` +
          `expected id graph/${expectedVersion} and version ${expectedVersion}, ` +
          `found id ${migration.id} and version ${migration.version}`,
      )
    }
  })
  const last = migrations.length
  if (last !== currentVersion) {
    throw new Error(`graph migrations end at version ${last}, but CURRENT_SCHEMA_VERSION is ${currentVersion}`)
  }
}

/**
 * Runs the migrations after `fromVersion` in order, each on a structured clone of the previous
 * result, and stamps each result with its new schemaVersion. The input is never modified. A step
 * that fails or throws ends the run with a reason naming the step.
 */
export function runMigrations(
  doc: GraphDocument,
  fromVersion: number,
  migrations: readonly GraphMigration[],
): MigrationResult<GraphDocument> {
  let current = doc
  for (const migration of migrations.filter((m) => m.version > fromVersion)) {
    const result = applyStep(migration, current)
    if (!result.ok) return { ok: false, reason: `${migration.id} (${migration.name}): ${result.reason}` }
    current = { ...result.value, schemaVersion: migration.version }
  }
  return { ok: true, value: current === doc ? structuredClone(doc) : current }
}

function applyStep(migration: GraphMigration, doc: GraphDocument): MigrationResult<GraphDocument> {
  try {
    return migration.up(structuredClone(doc))
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) }
  }
}
