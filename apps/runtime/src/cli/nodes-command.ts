import { toCatalogEntry } from '@inspectflow/nodes'

import type { CliIo } from './cli-io'
import { nodesMarkdown } from './nodes-markdown'

/**
 * `inspectflow nodes [--json | --markdown]`: the node catalog, as a list, as the JSON `GET /api/nodes`
 * serves, or as the node reference docs/nodes.md.
 */
export async function nodesCommand(argv: string[], io: CliIo): Promise<number> {
  const entries = io.registry.definitions.map(toCatalogEntry)
  if (argv.includes('--markdown')) {
    io.stdout.write(nodesMarkdown(entries))
    return 0
  }
  if (argv.includes('--json')) {
    io.stdout.write(`${JSON.stringify({ nodes: entries }, null, 2)}\n`)
    return 0
  }
  for (const entry of entries) {
    const inputs = Object.entries(entry.inputs).map(([name, spec]) => `${name}: ${spec.type}${spec.multiple ? '[]' : ''}${spec.optional ? '?' : ''}`)
    const outputs = Object.entries(entry.outputs).map(([name, spec]) => `${name}: ${spec.type}`)
    io.stdout.write(`${entry.type} v${entry.typeVersion}  ${entry.title} (${entry.category})\n`)
    io.stdout.write(`    in (${inputs.join(', ')})  out (${outputs.join(', ')})\n`)
  }
  if (entries.length === 0) io.stdout.write('no node types are registered\n')
  return 0
}
