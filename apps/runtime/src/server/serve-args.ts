import type { WorkerLostPolicy } from '../queue/job-data'
import { parseQueueUrl, QueueUrlError } from '../queue/redis-url'

/** What `inspectflow serve` / `inspectflow start` were asked to do. */
export interface ServeArgs {
  mode: 'serve' | 'start'
  host: string
  port: number
  dataDir?: string
  graphsDir?: string
  templatesDir?: string
  dataRoots: string[]
  /** Ended runs kept at start: `--keep-runs N` newest and/or `--keep-days D` (default: all). */
  runRetention: { keep?: number; maxAgeDays?: number }
  /** `start --demo`: queue a run of the demo template as soon as the server is up. */
  demo: boolean
  /** `start` builds the editor when it is missing, unless `--no-build`. */
  build: boolean
  help: boolean
  /** `--queue redis://HOST:PORT` (with `--store`, `--on-worker-lost`): runs execute on workers. */
  queue?: { url: string; storeDir?: string; onWorkerLost: WorkerLostPolicy }
}

/** A command line the serve command cannot use. */
export class ServeUsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ServeUsageError'
  }
}

/** Default port of `inspectflow serve`. */
export const DEFAULT_PORT = 7410

export const SERVE_USAGE = `usage: inspectflow serve|start [options]
  --host HOST           address to bind (default 127.0.0.1; off loopback needs INSPECTFLOW_TOKEN)
  --port N              port (default ${DEFAULT_PORT}; 0 picks a free one)
  --data-dir DIR        runs, cache and artifacts (default .inspectflow)
  --graphs-dir DIR      where saved graphs go (default <data-dir>/graphs)
  --templates-dir DIR   read-only templates (default the repository's graphs/)
  --data-root DIR       a directory graph paths may use (repeatable; default the cwd and INSPECTFLOW_DATA_ROOTS)
  --demo                (start) run the demo graph right away
  --keep-runs N         at start, delete the folders of ended runs beyond the newest N
  --keep-days D         at start, delete the folders of ended runs older than D days
  --no-build            (start) do not build the editor when it is missing
  --queue redis://HOST:PORT  queue runs in Redis for \`inspectflow worker\` processes (default: run them here)
  --store DIR           (--queue) shared directory the workers write artifacts and the cache to (default the data dir)
  --on-worker-lost retry|fail  (--queue) a run whose worker died: run it once more elsewhere (default) or fail it
`

const VALUE_FLAGS = new Set([
  '--host',
  '--port',
  '--data-dir',
  '--graphs-dir',
  '--templates-dir',
  '--data-root',
  '--keep-runs',
  '--keep-days',
  '--queue',
  '--store',
  '--on-worker-lost',
])

/** The queue flags given so far; `--queue` makes them take effect. */
const queueFlags = new WeakMap<ServeArgs, { url?: string; storeDir?: string; onWorkerLost?: WorkerLostPolicy }>()

function applyQueueValue(args: ServeArgs, flag: string, value: string): void {
  const flags = queueFlags.get(args) ?? {}
  queueFlags.set(args, flags)
  if (flag === '--queue') {
    try {
      flags.url = parseQueueUrl(value)
    } catch (error) {
      if (error instanceof QueueUrlError) throw new ServeUsageError(error.message)
      throw error
    }
  } else if (flag === '--store') flags.storeDir = value
  else if (value === 'retry' || value === 'fail') flags.onWorkerLost = value
  else throw new ServeUsageError(`--on-worker-lost expects retry or fail, got "${value}"`)
}

function finishQueueArgs(args: ServeArgs): void {
  const flags = queueFlags.get(args)
  if (!flags) return
  if (!flags.url) throw new ServeUsageError('--store and --on-worker-lost need --queue redis://HOST:PORT')
  args.queue = { url: flags.url, storeDir: flags.storeDir, onWorkerLost: flags.onWorkerLost ?? 'retry' }
}

function parsePort(text: string): number {
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ServeUsageError(`--port expects an integer from 0 to 65535, got "${text}"`)
  }
  return port
}

function parseCount(flag: string, text: string, integer: boolean): number {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new ServeUsageError(`${flag} expects ${integer ? 'an integer' : 'a number'} >= 0, got "${text}"`)
  }
  return value
}

function applyValue(args: ServeArgs, flag: string, value: string): void {
  if (flag === '--queue' || flag === '--store' || flag === '--on-worker-lost') applyQueueValue(args, flag, value)
  else if (flag === '--keep-runs') args.runRetention.keep = parseCount(flag, value, true)
  else if (flag === '--keep-days') args.runRetention.maxAgeDays = parseCount(flag, value, false)
  else if (flag === '--host') args.host = value
  else if (flag === '--port') args.port = parsePort(value)
  else if (flag === '--data-dir') args.dataDir = value
  else if (flag === '--graphs-dir') args.graphsDir = value
  else if (flag === '--templates-dir') args.templatesDir = value
  else args.dataRoots.push(value)
}

function applyFlag(args: ServeArgs, flag: string): void {
  if (flag === '--demo') args.demo = true
  else if (flag === '--no-build') args.build = false
  else if (flag === '--help' || flag === '-h') args.help = true
  else throw new ServeUsageError(`unknown option "${flag}"\n${SERVE_USAGE}`)
}

/**
 * Parses the serve command line. A leading `serve` or `start` picks the mode; `--flag=value` and
 * `--flag value` both work. Host and port fall back to INSPECTFLOW_HOST and INSPECTFLOW_PORT.
 */
export function parseServeArgs(argv: readonly string[], env = process.env): ServeArgs {
  const rest = [...argv]
  const mode = rest[0] === 'start' || rest[0] === 'serve' ? (rest.shift() as 'start' | 'serve') : 'serve'
  const args: ServeArgs = {
    mode,
    host: env.INSPECTFLOW_HOST ?? '127.0.0.1',
    port: env.INSPECTFLOW_PORT ? parsePort(env.INSPECTFLOW_PORT) : DEFAULT_PORT,
    dataRoots: [],
    runRetention: {},
    demo: false,
    build: true,
    help: false,
  }
  while (rest.length > 0) {
    const word = rest.shift() as string
    const [flag, inline] = word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined]
    if (!VALUE_FLAGS.has(flag)) {
      applyFlag(args, flag)
      continue
    }
    const value = inline ?? rest.shift()
    if (value === undefined) throw new ServeUsageError(`${flag} needs a value\n${SERVE_USAGE}`)
    applyValue(args, flag, value)
  }
  finishQueueArgs(args)
  return args
}
