import { formatProblems, validateAndPlan } from '@inspectflow/graph-schema'

import { type CliIo, EXIT, UsageError } from './cli-io'
import { readGraphFile } from './read-graph-file'

/** `inspectflow validate GRAPH`: the checks a run makes (validateAndPlan); exit 0 when valid, 2 when not. */
export async function validateCommand(argv: string[], io: CliIo): Promise<number> {
  if (argv.length > 1) throw new UsageError(`validate takes one GRAPH, got ${argv.length}: ${argv.join(' ')}`)
  const file = await readGraphFile(io.cwd, argv[0])
  const checked = validateAndPlan(file.text, io.registry.catalog)
  if (checked.ok) {
    const graph = checked.plan.graph
    io.stdout.write(`${argv[0]}: valid ("${graph.name}", ${graph.nodes.length} nodes, ${graph.edges.length} edges)\n`)
    return EXIT.ok
  }
  const count = checked.problems.length
  io.stderr.write(`${argv[0]}: ${count} problem${count === 1 ? '' : 's'}\n${formatProblems(checked.problems)}\n`)
  return EXIT.usage
}
