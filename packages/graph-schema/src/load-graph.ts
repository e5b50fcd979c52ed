import type { GraphFile } from './graph-file'
import { CURRENT_SCHEMA_VERSION } from './graph-file'
import { checkGraph } from './graph-checks'
import { migrateGraph } from './migrations/index'
import { migrateNodes } from './migrations/node-migration'
import type { NodeCatalog } from './node-catalog'
import type { GraphDocument } from './migrations/migration'
import { parseGraphJson } from './parse-graph-json'
import { describeValue, makeProblem } from './problem-text'
import type { GraphProblem } from './problems'
import { validateGraphFile } from './validate-file'

/** Options of loadGraph. */
export interface LoadGraphOptions {
  /** Graph param overrides (`--set name=value`, the run API's `params`); strings are coerced. */
  overrides?: Record<string, unknown>
}

/** A graph ready to run: current schema, every check passed, params resolved per node. */
export interface LoadedGraph {
  ok: true
  graph: GraphFile
  /** Params by node id: `${params.x}` substituted, overrides applied, node schema defaults filled in. */
  resolvedParams: Record<string, Record<string, unknown>>
  problems: []
}

/** A graph that cannot run; `graph` is present when it got as far as passing the JSON Schema. */
export interface FailedGraphLoad {
  ok: false
  problems: GraphProblem[]
  graph?: GraphFile
}

/** Result of loadGraph. */
export type GraphLoad = LoadedGraph | FailedGraphLoad

/**
 * Loads a graph file (text or parsed JSON, any schemaVersion this program knows): parse, read the
 * schemaVersion, migrate to the current one, validate against the JSON Schema, upgrade node types the
 * catalog has migrations for, run the graph checks and resolve params. Every problem is collected; loading stops early only where the later steps
 * could not make sense of the document (not JSON, no readable or a too new schemaVersion, a failed
 * migration, a document that breaks the JSON Schema).
 */
export function loadGraph(
  input: string | unknown,
  catalog: NodeCatalog,
  options: LoadGraphOptions = {},
): GraphLoad {
  const parsed = typeof input === 'string' ? parseGraphJson(input) : { ok: true as const, value: input }
  if (!parsed.ok) return failed([parsed.problem])
  const migrated = migrateToCurrent(parsed.value)
  if (!migrated.ok) return failed(migrated.problems)
  const validated = validateGraphFile(migrated.value)
  if (!validated.ok) return failed(validated.problems)
  const upgraded = migrateNodes(validated.graph, catalog.migrations)
  if (upgraded.problems.length > 0) return { ok: false, problems: upgraded.problems, graph: validated.graph }
  const { problems, resolvedParams } = checkGraph(upgraded.graph, catalog, options)
  if (problems.length > 0) return { ok: false, problems, graph: upgraded.graph }
  return { ok: true, graph: upgraded.graph, resolvedParams, problems: [] }
}

function failed(problems: GraphProblem[]): FailedGraphLoad {
  return { ok: false, problems }
}

type Migrated = { ok: true; value: GraphDocument } | { ok: false; problems: GraphProblem[] }

/** Reads the schemaVersion and migrates the document to the current one. */
export function migrateToCurrent(doc: unknown): Migrated {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    const found = describeValue(doc)
    return { ok: false, problems: [makeProblem({ code: 'schema_invalid', path: '', expected: 'a JSON object', found })] }
  }
  const record = doc as GraphDocument
  const versionProblem = checkSchemaVersion(record.schemaVersion)
  if (versionProblem) return { ok: false, problems: [versionProblem] }
  const result = migrateGraph(record, record.schemaVersion as number)
  if (result.ok) return result
  const problem = makeProblem({
    code: 'migration_failed',
    path: '',
    expected: `a schemaVersion ${String(record.schemaVersion)} graph the migrations can read`,
    found: result.reason,
    message: `could not migrate this graph from schemaVersion ${String(record.schemaVersion)} to ${CURRENT_SCHEMA_VERSION}: ${result.reason}`,
  })
  return { ok: false, problems: [problem] }
}

function checkSchemaVersion(version: unknown): GraphProblem | undefined {
  const path = '/schemaVersion'
  if (version === undefined) {
    return makeProblem({
      code: 'schema_version_missing',
      path,
      expected: `a schemaVersion (this program reads 0 to ${CURRENT_SCHEMA_VERSION})`,
      found: 'nothing',
      message: `the file has no schemaVersion, so it is not an InspectFlow graph or was cut short`,
    })
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return makeProblem({ code: 'schema_invalid', path, expected: 'a non-negative integer', found: describeValue(version) })
  }
  if (version <= CURRENT_SCHEMA_VERSION) return undefined
  return makeProblem({
    code: 'schema_version_too_new',
    path,
    expected: `a schemaVersion up to ${CURRENT_SCHEMA_VERSION}`,
    found: String(version),
    message: `this graph was saved by a newer InspectFlow (schemaVersion ${version}); this program reads up to ${CURRENT_SCHEMA_VERSION}: upgrade InspectFlow`,
  })
}
