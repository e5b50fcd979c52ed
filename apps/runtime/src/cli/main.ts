import { benchCommand, serveCommand, startCommand, workerCommand } from './delegate-command'
import { doctorCommand } from './doctor-command'
import { type CliIo, EXIT, processIo, UsageError } from './cli-io'
import { exportCommand } from './export-command'
import { HELP_TEXT } from './help'
import { inspectCommand } from './inspect-command'
import { migrateCommand } from './migrate-command'
import { nodesCommand } from './nodes-command'
import { pruneCommand } from './prune-command'
import { runCommand } from './run-command'
import { setupCommand } from './setup-command'
import { sweepCommand } from './sweep-command'
import { validateCommand } from './validate-command'
import { weightsCommand } from './weights-command'

type Command = (argv: string[], io: CliIo) => Promise<number>

const COMMANDS: Record<string, Command> = {
  validate: validateCommand,
  migrate: migrateCommand,
  run: runCommand,
  export: exportCommand,
  inspect: inspectCommand,
  sweep: sweepCommand,
  nodes: nodesCommand,
  'prune-runs': pruneCommand,
  weights: weightsCommand,
  serve: serveCommand,
  start: startCommand,
  bench: benchCommand,
  worker: workerCommand,
  setup: setupCommand,
  doctor: doctorCommand,
}

/**
 * Dispatches `inspectflow <command> ...` and resolves with the exit code. `io` defaults to the real
 * process; tests pass their own streams and node registry.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv
  const help = helpRequest(name, rest)
  if (help !== undefined) {
    io.stdout.write(HELP_TEXT)
    return help
  }
  const command = COMMANDS[name as string]
  if (!command) {
    io.stderr.write(`inspectflow: unknown command "${name}"; expected one of ${Object.keys(COMMANDS).join(', ')}\n${HELP_TEXT}`)
    return EXIT.usage
  }
  try {
    return await command(rest, io)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.stderr.write(`inspectflow ${name}: ${error.message}\nRun "inspectflow --help" for usage.\n`)
    return EXIT.usage
  }
}

/** Commands that print their own usage (they parse their own options). */
const OWN_HELP = new Set(['serve', 'start', 'bench', 'worker', 'setup'])

/** The exit code when the general help should be printed (no command: 2, asked for: 0), else undefined. */
function helpRequest(name: string | undefined, rest: string[]): number | undefined {
  if (!name) return EXIT.usage
  if (name === '--help' || name === '-h' || name === 'help') return EXIT.ok
  if (rest.includes('--help') && COMMANDS[name] && !OWN_HELP.has(name)) return EXIT.ok
  return undefined
}
