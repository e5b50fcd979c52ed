import { type CliIo, EXIT } from './cli-io'

type CommandModule = Record<string, unknown>
type Command = (argv: string[]) => Promise<number>

/*
 * The serve and bench commands live in other parts of the runtime (server/, bench/) and are imported only
 * when asked for, so that `inspectflow run` never loads Express or the benchmarks. The specifiers are
 * literal so that type checks, bundlers and the architecture test see these imports.
 */
const loadServer = (): Promise<CommandModule> => import('../server/start')
const loadBench = (): Promise<CommandModule> => import('../bench/bench-command')
const loadWorker = (): Promise<CommandModule> => import('./worker-command')

async function loadCommand(
  specifier: string,
  load: () => Promise<CommandModule>,
  names: string[],
  io: CliIo,
): Promise<{ name: string; run: Command } | undefined> {
  let module: CommandModule
  try {
    module = await load()
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    io.stderr.write(`inspectflow: this command is not available in this build (${specifier}: ${reason})\n`)
    return undefined
  }
  const name = names.find((candidate) => typeof module[candidate] === 'function')
  if (name) return { name, run: module[name] as Command }
  io.stderr.write(`inspectflow: ${specifier} does not export ${names.join(' or ')}()\n`)
  return undefined
}

/** `inspectflow serve ...` */
export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const command = await loadCommand('server/start', loadServer, ['serveCommand'], io)
  return command ? command.run(argv) : EXIT.runFailed
}

/** `inspectflow start ...`: the server in start mode (demo graph, editor built when missing). */
export async function startCommand(argv: string[], io: CliIo): Promise<number> {
  const command = await loadCommand('server/start', loadServer, ['startCommand', 'serveCommand'], io)
  if (!command) return EXIT.runFailed
  return command.name === 'startCommand' ? command.run(argv) : command.run(['start', ...argv])
}

/** `inspectflow bench ...` */
export async function benchCommand(argv: string[], io: CliIo): Promise<number> {
  const command = await loadCommand('bench/bench-command', loadBench, ['benchCommand'], io)
  return command ? command.run(argv) : EXIT.runFailed
}

/** `inspectflow worker ...`: loaded on demand, so other commands never load BullMQ. */
export async function workerCommand(argv: string[], io: CliIo): Promise<number> {
  const module = await loadWorker()
  return (module.workerCommand as (argv: string[], io: CliIo) => Promise<number>)(argv, io)
}
