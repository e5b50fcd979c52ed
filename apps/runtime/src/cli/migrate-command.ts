import { writeFile } from 'node:fs/promises'

import { formatProblems, migrateNodes, migrateToCurrent, parseGraphJson, validateAndPlan, validateGraphFile } from '@inspectflow/graph-schema'

import { type CliIo, EXIT, UsageError } from './cli-io'
import { readGraphFile } from './read-graph-file'

/**
 * `inspectflow migrate GRAPH [--write]`: upgrades a graph file to the current file format and node
 * versions (what loading does on every run) and prints it, or writes it back in place with `--write`,
 * so the file itself stops depending on the migrations. Lists each node step applied.
 */
export async function migrateCommand(argv: string[], io: CliIo): Promise<number> {
  const write = argv.includes('--write')
  const paths = argv.filter((arg) => arg !== '--write')
  if (paths.length !== 1) throw new UsageError(`migrate takes one GRAPH and optionally --write, got: ${argv.join(' ') || 'nothing'}`)
  const file = await readGraphFile(io.cwd, paths[0])
  const parsed = parseGraphJson(file.text)
  const current = parsed.ok ? migrateToCurrent(parsed.value) : { ok: false as const, problems: [parsed.problem] }
  const valid = current.ok ? validateGraphFile(current.value) : current
  if (!valid.ok) {
    io.stderr.write(`${paths[0]}: cannot be migrated\n${formatProblems(valid.problems)}\n`)
    return EXIT.usage
  }
  const upgraded = migrateNodes(valid.graph, io.registry.catalog.migrations)
  if (upgraded.problems.length > 0) {
    io.stderr.write(`${paths[0]}: a node could not be upgraded\n${formatProblems(upgraded.problems)}\n`)
    return EXIT.usage
  }
  const text = `${JSON.stringify(upgraded.graph, null, 2)}\n`
  for (const step of upgraded.applied) io.stderr.write(`${step}\n`)
  if (write) await writeFile(file.path, text)
  else io.stdout.write(text)
  const checked = validateAndPlan(upgraded.graph, io.registry.catalog)
  if (!checked.ok) io.stderr.write(`${paths[0]}: migrated, but it still has problems:\n${formatProblems(checked.problems)}\n`)
  io.stderr.write(`${paths[0]}: ${upgraded.applied.length} node step(s)${write ? ', written' : ''}\n`)
  return EXIT.ok
}
