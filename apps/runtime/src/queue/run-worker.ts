import os from 'node:os'
import path from 'node:path'

import type { Engines, NodeRegistry } from '@inspectflow/nodes'
import { type Job, WaitingError, Worker } from 'bullmq'
import type { Redis } from 'ioredis'

import { createOutputCache } from '../cache/output-cache'
import { executeGraph } from '../executor/execute-graph'
import type { RunResult } from '../executor/run-options'
import { type LoggedEvent, publishEvent } from './event-log'
import { type RunJobData, workerLostMessage } from './job-data'
import { CANCEL_CHANNEL, deviceClassOf, queueName, runKey } from './queue-keys'
import { connectRedis } from './redis-url'
import type { RecordPatch } from './run-queue'
import { RunDrain } from './run-drain'
import { keepRegistered } from './worker-registry'

/** Everything `inspectflow worker` is configured with. */
export interface RunWorkerOptions {
  url: string
  /** `cpu` or `cuda:N`: a GPU worker serves the GPU line and, besides, CPU work. */
  device: string
  /** Runs at once on this worker (per line). */
  concurrency: number
  /** The shared store: `<store>/cache` and `<store>/artifacts/<runId>`. */
  storeDir: string
  registry: NodeRegistry
  engines: Engines
  version: string
  baseDir: string
  dataRoots?: string[]
  /** Lock of a running job; a worker that stops renewing it (killed) loses the run after this long. */
  lockMs: number
  /** What the record shows of a result (JSON-safe output values and the summary). */
  summarise(result: RunResult, graph: unknown): Pick<RecordPatch, 'outputValues' | 'summary'>
  log(line: string): void
}

/** A started worker. */
export interface RunningWorker {
  id: string
  /** SIGTERM: takes no new run, lets each running run finish its current node, then requeues it (or it finishes). */
  drain(): Promise<void>
  /** Stops at once (tests): running runs are abandoned to the lock expiry. */
  close(): Promise<void>
}

/**
 * Runs queued runs from Redis: each job's events are published to the event stream in order through
 * the publish script (which numbers them and lets a run end only once), its artifacts and cache go to
 * the shared store. Cancels arrive on a pub/sub channel. A job queued by another InspectFlow version is
 * put back untouched and this worker stops taking work, with a log line that says why.
 */
export async function startRunWorker(options: RunWorkerOptions): Promise<RunningWorker> {
  const id = `${os.hostname()}:${process.pid}`
  const redis = connectRedis(options.url, { name: `inspectflow-worker-${id}` })
  redis.on('error', () => {})
  const subscriber = connectRedis(options.url, { blocking: true })
  subscriber.on('error', () => {})
  const drain = new RunDrain()
  const cache = createOutputCache({ dir: path.join(options.storeDir, 'cache') })
  const lines = deviceClassOf(options.device) === 'gpu' ? (['gpu', 'cpu'] as const) : (['cpu'] as const)
  const workers: Worker[] = []
  let refused = false

  await subscriber.subscribe(CANCEL_CHANNEL)
  subscriber.on('message', (_channel: string, runId: string) => drain.cancel(runId))

  const processJob = async (job: Job<RunJobData>, token: string | undefined): Promise<void> => {
    const data = job.data
    if (data.version !== options.version) {
      if (!refused) {
        options.log(
          `worker ${id}: refusing run ${data.runId}: it was queued by InspectFlow ${data.version} and this worker runs ${options.version}; ` +
            'install the same version on the API nodes and every worker. This worker takes no more runs.',
        )
      }
      refused = true
      for (const worker of workers) worker.pause(true)
      await job.moveToWait(token)
      throw new WaitingError()
    }
    if (data.onWorkerLost === 'fail' && job.stalledCounter > 0) {
      options.log(`worker ${id}: run ${data.runId} lost its worker; failing it (--on-worker-lost fail)`)
      await publishEvent(redis, { type: 'run:failed', runId: data.runId, ts: Date.now(), message: workerLostMessage('fail'), executed: [] } as LoggedEvent)
      return
    }
    if (job.stalledCounter > 0) options.log(`worker ${id}: retrying run ${data.runId}, whose worker stopped`)
    else options.log(`worker ${id}: running run ${data.runId}`)
    const outcome = await runOne(data, redis, drain, cache, options)
    if (outcome === 'requeue') {
      options.log(`worker ${id}: run ${data.runId} stopped after its current node for shutdown; requeued`)
      await job.moveToWait(token)
      throw new WaitingError()
    }
  }

  const connections: Redis[] = []
  for (const line of lines) {
    const connection = connectRedis(options.url, { blocking: true })
    connection.on('error', () => {})
    connections.push(connection)
    const worker = new Worker<RunJobData>(queueName(line), processJob, {
      connection,
      concurrency: options.concurrency,
      lockDuration: options.lockMs,
      stalledInterval: Math.max(250, Math.round(options.lockMs / 2)),
      maxStalledCount: 1,
    })
    worker.on('error', (error) => options.log(`worker ${id}: ${error.message}`))
    workers.push(worker)
  }
  const unregister = keepRegistered(
    redis,
    { id, device: options.device, version: options.version, host: os.hostname(), pid: process.pid, concurrency: options.concurrency },
    () => undefined,
  )
  options.log(`worker ${id} (${options.device}, ${options.concurrency} at once, InspectFlow ${options.version}) waiting for runs on ${lines.join(' and ')} line`)

  const shutDown = async (graceful: boolean): Promise<void> => {
    await unregister()
    if (graceful) drain.begin()
    await Promise.all(workers.map((worker) => worker.close(!graceful)))
    // BullMQ leaves connections it was given open
    for (const connection of connections) connection.disconnect()
    await subscriber.quit().catch(() => undefined)
    await redis.quit().catch(() => undefined)
  }
  return { id, drain: () => shutDown(true), close: () => shutDown(false) }
}

/**
 * Executes one run and publishes its events in order. The terminal event is held back until the
 * executor returns, so that it travels with the record's result fields. Resolves `requeue` when a
 * shutdown stopped the run between nodes (its `run:cancelled` is replaced by `run:queued`), else `done`.
 */
async function runOne(
  data: RunJobData,
  redis: Redis,
  drain: RunDrain,
  cache: ReturnType<typeof createOutputCache>,
  options: RunWorkerOptions,
): Promise<'done' | 'requeue'> {
  const { runId, request } = data
  const run = drain.track(runId)
  let published: Promise<unknown> = Promise.resolve()
  const publish = (event: LoggedEvent, patch?: RecordPatch): void => {
    published = published.then(() => publishEvent(redis, event, patch ? { patch } : undefined)).catch((error: unknown) => {
      options.log(`worker: run ${runId}: an event could not be published: ${(error as Error).message}`)
    })
  }
  let terminal: LoggedEvent | undefined
  try {
    // tracked first, so a cancel arriving from now on aborts it; one that came before left this flag
    if ((await redis.hget(runKey(runId), 'cancel')) === '1') {
      await publishEvent(redis, { type: 'run:cancelled', runId, ts: Date.now(), executed: [] } as LoggedEvent)
      return 'done'
    }
    let result: RunResult
    try {
      result = await executeGraph({
        runId,
        graph: request.graph,
        registry: options.registry,
        engines: options.engines,
        overrides: request.params,
        targets: request.targets,
        cacheDir: path.join(options.storeDir, 'cache'),
        cache,
        artifactDir: path.join(options.storeDir, 'artifacts', runId),
        baseDir: options.baseDir,
        dataRoots: options.dataRoots,
        signal: run.signal,
        onEvent: (event) => {
          run.observe(event.type)
          if (TERMINAL.has(event.type)) terminal = event
          else if (event.type === 'run:started') publish(event, { device: options.device })
          else publish(event)
        },
      })
    } catch (error) {
      const message = `the executor threw on ${options.device}: ${(error as Error).message}`
      result = { status: 'failed', outputs: {}, executed: [], cached: [], error: { message } }
      terminal = { type: 'run:failed', runId, ts: Date.now(), message, executed: [] } as LoggedEvent
    }
    if (result.status === 'cancelled' && run.stoppedForDrain) {
      publish({ type: 'run:queued', runId, ts: Date.now(), position: 1 } as LoggedEvent)
      await published
      return 'requeue'
    }
    const patch: RecordPatch = { device: options.device, executed: result.executed, cached: result.cached, ...options.summarise(result, result.graph ?? request.graph) }
    publish(terminal ?? ({ type: 'run:failed', runId, ts: Date.now(), message: 'the run ended without a terminal event', executed: [] } as LoggedEvent), patch)
    await published
    return 'done'
  } finally {
    drain.untrack(runId)
  }
}

const TERMINAL = new Set(['run:finished', 'run:failed', 'run:cancelled'])
