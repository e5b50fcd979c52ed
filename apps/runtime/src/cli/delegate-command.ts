import { type CliIo, EXIT } from './cli-io'

type CommandModule = Record<string, unknown>
type Command = (argv: string[]) => Promise<number>

/*
 * The serve and bench commands live in other parts of the runtime (server/, bench/) and are loaded only
 * when asked for, so that `inspectflow run` never loads Express or the benchmarks. The specifiers are
 * held in variables so the CLI type-checks and runs even in a build where one of them is absent.
 */
const SERVER_MODULE = '../server/start'
const BENCH_MODULE = '../bench/bench-command'

async function loadCommand(specifier: string, names: string[], io: CliIo): Promise<{ name: string; run: Command } | undefined> {
  let module: CommandModule
  try {
    module = (await import(/* @vite-ignore */ specifier)) as CommandModule
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
  const command = await loadCommand(SERVER_MODULE, ['serveCommand'], io)
  return command ? command.run(argv) : EXIT.runFailed
}

/** `inspectflow start ...`: the server in start mode (demo graph, editor built when missing). */
export async function startCommand(argv: string[], io: CliIo): Promise<number> {
  const command = await loadCommand(SERVER_MODULE, ['startCommand', 'serveCommand'], io)
  if (!command) return EXIT.runFailed
  return command.name === 'startCommand' ? command.run(argv) : command.run(['start', ...argv])
}

/** `inspectflow bench ...` */
export async function benchCommand(argv: string[], io: CliIo): Promise<number> {
  const command = await loadCommand(BENCH_MODULE, ['benchCommand'], io)
  return command ? command.run(argv) : EXIT.runFailed
}
