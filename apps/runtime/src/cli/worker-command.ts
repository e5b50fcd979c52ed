import path from 'node:path'

import { createEngines, type Engines } from '@inspectflow/nodes'

import { startRunWorker } from '../queue/run-worker'
import { checkRedisReachable, describeQueueUrl, QueueUrlError } from '../queue/redis-url'
import { jsonSafe, summariseOutputs } from '../server/output-summary'
import { resolveDataRoots } from '../server/path-safety'
import { programVersion } from '../server/server-options'
import { type CliIo, EXIT } from './cli-io'
import { parseWorkerArgs, WORKER_USAGE } from './worker-args'

/** Engines for a worker's device: a CUDA worker asks onnxruntime for its CUDA provider. */
function enginesFor(device: string): Engines {
  return createEngines(device.startsWith('cuda') ? { provider: 'cuda' } : { provider: 'cpu' })
}

/**
 * `inspectflow worker --queue redis://HOST:PORT`: runs queued runs until SIGTERM or Ctrl-C, which let
 * each running run finish its current node and requeue it (a second signal stops at once).
 */
export async function workerCommand(argv: string[], io: CliIo, engines?: Engines): Promise<number> {
  const args = parseWorkerArgs(argv)
  if (args.help) {
    io.stdout.write(WORKER_USAGE)
    return EXIT.ok
  }
  try {
    await checkRedisReachable(args.url)
  } catch (error) {
    if (!(error instanceof QueueUrlError)) throw error
    io.stderr.write(`inspectflow worker: ${error.message}; is redis-server running there?\n`)
    return EXIT.runFailed
  }
  const catalog = io.registry.catalog
  const worker = await startRunWorker({
    url: args.url,
    device: args.device,
    concurrency: args.concurrency,
    storeDir: path.resolve(io.cwd, args.storeDir),
    registry: io.registry,
    engines: engines ?? enginesFor(args.device),
    version: programVersion(),
    baseDir: io.cwd,
    dataRoots: resolveDataRoots(args.dataRoots, io.cwd, io.env),
    lockMs: args.lockMs,
    summarise: (result, graph) => ({
      outputValues: jsonSafe(result.outputs) as Record<string, unknown>,
      summary: summariseOutputs(result.outputs, graph, catalog),
    }),
    log: (line) => io.stderr.write(`inspectflow: ${line}\n`),
  })
  io.stdout.write(`InspectFlow worker ${worker.id} is taking runs from ${describeQueueUrl(args.url)}\n`)
  return new Promise((resolve) => {
    let stopping = false
    const stop = (): void => {
      if (stopping) {
        io.stderr.write('inspectflow: stopping now; running runs go to another worker when their lock expires\n')
        process.exit(EXIT.cancelled)
      }
      stopping = true
      io.stderr.write('inspectflow: finishing the current node of each running run, then requeueing it (signal again to stop now)\n')
      void worker.drain().then(() => {
        process.off('SIGTERM', stop)
        process.off('SIGINT', stop)
        resolve(EXIT.ok)
      })
    }
    process.on('SIGTERM', stop)
    process.on('SIGINT', stop)
  })
}
