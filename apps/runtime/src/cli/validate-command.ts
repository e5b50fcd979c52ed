import { parseArgs } from 'node:util'

import { formatProblems, validateAndPlan } from '@inspectflow/graph-schema'

import { type CliIo, EXIT, UsageError } from './cli-io'
import { checkPlanPaths } from './check-paths'
import { readGraphFile } from './read-graph-file'
import { parseOverrides } from './run-args'

/**
 * `inspectflow validate GRAPH [--check-paths] [--set NAME=VALUE ...]`: the checks a run makes
 * (validateAndPlan); with --check-paths also that the files and folders the graph reads exist.
 * Exit 0 when valid, 2 when not.
 */
export async function validateCommand(argv: string[], io: CliIo): Promise<number> {
  const { paths, checkPaths, overrides } = parseValidateArgs(argv)
  if (paths.length !== 1) throw new UsageError(`validate takes one GRAPH, got ${paths.length}: ${paths.join(' ')}`)
  const file = await readGraphFile(io.cwd, paths[0])
  const planned = validateAndPlan(file.text, io.registry.catalog, { overrides })
  const pathProblems = planned.ok && checkPaths ? await checkPlanPaths(planned.plan, io.registry, io.cwd) : []
  const checked = pathProblems.length > 0 ? { ok: false as const, problems: pathProblems } : planned
  if (checked.ok) {
    const graph = checked.plan.graph
    io.stdout.write(`${paths[0]}: valid ("${graph.name}", ${graph.nodes.length} nodes, ${graph.edges.length} edges)\n`)
    return EXIT.ok
  }
  const count = checked.problems.length
  io.stderr.write(`${paths[0]}: ${count} problem${count === 1 ? '' : 's'}\n${formatProblems(checked.problems)}\n`)
  return EXIT.usage
}

function parseValidateArgs(argv: string[]): { paths: string[]; checkPaths: boolean; overrides: Record<string, string> } {
  let parsed
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { 'check-paths': { type: 'boolean' }, set: { type: 'string', multiple: true } } })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const { values, positionals } = parsed
  return { paths: positionals, checkPaths: values['check-paths'] === true, overrides: parseOverrides(values.set ?? []) }
}
