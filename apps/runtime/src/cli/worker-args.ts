import { parseQueueUrl, QueueUrlError } from '../queue/redis-url'
import { UsageError } from './cli-io'

/** What `inspectflow worker` was asked to do. */
export interface WorkerArgs {
  url: string
  device: string
  concurrency: number
  storeDir: string
  dataRoots: string[]
  lockMs: number
  help: boolean
}

export const WORKER_USAGE = `usage: inspectflow worker --queue redis://HOST:PORT [options]
  --queue URL          the Redis the API node queues runs in (serve --queue URL)
  --device D           cpu (default) or cuda:N; a GPU worker serves the GPU line and the CPU line too
  --concurrency N      runs at once on this worker, per line (default 1)
  --store DIR          shared directory for artifacts and the output cache, the same for every worker
                       and the API node (default .inspectflow)
  --data-root DIR      a directory graph paths may use (repeatable; default the cwd and INSPECTFLOW_DATA_ROOTS)
  --lock-ms N          how long a run stays with a worker that stopped answering before another takes it
                       (default 30000)
`

const VALUE_FLAGS = new Set(['--queue', '--device', '--concurrency', '--store', '--data-root', '--lock-ms'])

function positiveInteger(flag: string, text: string, minimum: number): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < minimum) throw new UsageError(`${flag} expects an integer >= ${minimum}, got "${text}"`)
  return value
}

function applyValue(args: WorkerArgs & { url?: string }, flag: string, value: string): void {
  if (flag === '--queue') {
    try {
      args.url = parseQueueUrl(value)
    } catch (error) {
      throw error instanceof QueueUrlError ? new UsageError(error.message) : error
    }
  } else if (flag === '--device') {
    if (!/^(cpu|cuda:\d+)$/.test(value)) throw new UsageError(`--device expects cpu or cuda:N, got "${value}"`)
    args.device = value
  } else if (flag === '--concurrency') args.concurrency = positiveInteger(flag, value, 1)
  else if (flag === '--lock-ms') args.lockMs = positiveInteger(flag, value, 500)
  else if (flag === '--store') args.storeDir = value
  else args.dataRoots.push(value)
}

/** Parses the worker command line (`--flag value` or `--flag=value`). */
export function parseWorkerArgs(argv: readonly string[]): WorkerArgs {
  const args = { url: '', device: 'cpu', concurrency: 1, storeDir: '.inspectflow', dataRoots: [] as string[], lockMs: 30_000, help: false }
  const rest = [...argv]
  while (rest.length > 0) {
    const word = rest.shift() as string
    const [flag, inline] = word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined]
    if (flag === '--help' || flag === '-h') {
      args.help = true
      continue
    }
    if (!VALUE_FLAGS.has(flag)) throw new UsageError(`unknown option "${flag}"\n${WORKER_USAGE}`)
    const value = inline ?? rest.shift()
    if (value === undefined) throw new UsageError(`${flag} needs a value\n${WORKER_USAGE}`)
    applyValue(args, flag, value)
  }
  if (!args.help && !args.url) throw new UsageError(`--queue redis://HOST:PORT is required\n${WORKER_USAGE}`)
  return args
}
