import path from 'node:path'

import { Queue, QueueEvents } from 'bullmq'
import type { Redis } from 'ioredis'

import { publishEvent, publishPosition } from './event-log'
import { followEventStream, type StreamEntry, type StreamReader } from './event-reader'
import type { RunJobData, WorkerLostPolicy } from './job-data'
import { workerLostMessage } from './job-data'
import { API_VERSION_KEY, CANCEL_CHANNEL, type DeviceClass, queueName, runKey } from './queue-keys'
import { connectRedis } from './redis-url'
import type { CancelOutcome, DeviceQueueState, RecordPatch, RemoteQueueHooks, RunJob, RunQueue } from './run-queue'
import { classesServed, listWorkers } from './worker-registry'

/** How an API node uses Redis. */
export interface BullmqQueueOptions {
  /** `redis://HOST:PORT`, checked by parseQueueUrl. */
  url: string
  /** This API node's InspectFlow version; workers of another version refuse its runs. */
  version: string
  /** The shared store workers write artifacts and the cache to (`<store>/artifacts/<runId>`). */
  storeDir: string
  /** What happens to a run whose worker died once: run it again elsewhere, or fail it with the reason. */
  onWorkerLost: WorkerLostPolicy
  /** Node types that want a GPU: a graph with one waits for a GPU worker while one is registered. */
  gpuNodeTypes: readonly string[]
}

const CLASSES: DeviceClass[] = ['cpu', 'gpu']
const SNAPSHOT_MS = 500
/** Waiting runs told their place; the ones behind only learn it when they move up. */
const POSITIONS_ANNOUNCED = 100

/**
 * The API node's side of the scale-out queue: a BullMQ queue per device class in Redis, the event
 * stream followed into the run service, and QueueEvents for the one failure only BullMQ sees (a run
 * whose workers died more often than it may be retried). Its answers to `state`/`totals` come from a
 * snapshot refreshed twice a second, because the run service asks synchronously.
 */
export class BullmqRunQueue implements RunQueue {
  readonly remote = true
  private readonly redis: Redis
  private readonly queues: Record<DeviceClass, Queue>
  private readonly queueEvents: QueueEvents[]
  private readonly reader: StreamReader
  private readonly timer: NodeJS.Timeout
  private readonly patches = new Map<string, RecordPatch>()
  private readonly gpuNodeTypes: Set<string>
  private snapshot: DeviceQueueState[] = CLASSES.map((device) => ({ device, running: null, waiting: [] }))
  private counts = { running: 0, waiting: 0 }
  private served = new Set<DeviceClass>()
  private pendingAdds = 0
  private positionsPending = false
  private closed = false
  /** Connections handed to BullMQ, which leaves them open on close. */
  private readonly connections: Redis[] = []

  constructor(
    private readonly options: BullmqQueueOptions,
    private readonly hooks: RemoteQueueHooks,
  ) {
    const report = (error: unknown): void => hooks.onError('queue', error)
    this.gpuNodeTypes = new Set(options.gpuNodeTypes)
    this.redis = connectRedis(options.url, { name: 'inspectflow-api' })
    this.redis.on('error', () => {})
    this.queues = {
      cpu: new Queue(queueName('cpu'), { connection: this.connect() }),
      gpu: new Queue(queueName('gpu'), { connection: this.connect() }),
    }
    for (const queue of Object.values(this.queues)) queue.on('error', () => {})
    this.queueEvents = CLASSES.map((deviceClass) => this.watchQueue(deviceClass))
    this.reader = followEventStream(connectRedis(options.url, { blocking: true }), (entry) => this.dispatch(entry), report)
    void this.redis.set(API_VERSION_KEY, options.version).catch(report)
    void this.refresh()
    this.timer = setInterval(() => void this.refresh(), SNAPSHOT_MS)
  }

  private connect(): Redis {
    const connection = connectRedis(this.options.url, { blocking: true })
    connection.on('error', () => {})
    this.connections.push(connection)
    return connection
  }

  private watchQueue(deviceClass: DeviceClass): QueueEvents {
    const events = new QueueEvents(queueName(deviceClass), { connection: this.connect() })
    events.on('error', () => {})
    events.on('failed', ({ jobId, failedReason }) => {
      const message = /stalled/i.test(failedReason) ? workerLostMessage('retry') : `the worker failed the run: ${failedReason}`
      void publishEvent(this.redis, { type: 'run:failed', runId: jobId, ts: Date.now(), message, executed: [] } as never).catch(() => undefined)
    })
    for (const name of ['active', 'removed', 'waiting'] as const) events.on(name, () => this.schedulePositions())
    return events
  }

  private dispatch(entry: StreamEntry): void {
    if (entry.kind === 'header') this.hooks.onRemoteRun(entry.record, entry.request)
    else if (entry.kind === 'patch') this.patches.set(entry.runId, { ...this.patches.get(entry.runId), ...entry.patch })
    else {
      const patch = this.patches.get(entry.runId)
      this.patches.delete(entry.runId)
      this.hooks.onRemoteEvent(entry.runId, entry.seq, entry.event, patch)
    }
  }

  /** GPU work goes to the GPU line while a GPU worker is registered; everything else to the CPU line. */
  private classFor(nodeTypes: readonly string[]): DeviceClass {
    const wantsGpu = nodeTypes.some((type) => this.gpuNodeTypes.has(type))
    return wantsGpu && this.served.has('gpu') ? 'gpu' : 'cpu'
  }

  enqueue(job: RunJob): { device: string; position: number } {
    if (this.closed) throw new Error('the run queue is closed because the server is shutting down')
    const deviceClass = this.classFor(job.nodeTypes)
    const line = this.snapshot.find((state) => state.device === deviceClass)
    const position = (line?.waiting.length ?? 0) + this.pendingAdds + 1
    this.pendingAdds += 1
    void this.add(job, deviceClass, position)
      .catch((error: unknown) => this.hooks.onLocalFailure(job.id, `the run could not be queued in Redis: ${(error as Error).message}`))
      .finally(() => {
        this.pendingAdds -= 1
      })
    return { device: deviceClass, position }
  }

  /** The run's header and `run:queued` go into the stream before the job exists, so no worker event can precede them. */
  private async add(job: RunJob, deviceClass: DeviceClass, position: number): Promise<void> {
    const queued = { type: 'run:queued', runId: job.id, ts: Date.now(), position }
    await publishEvent(this.redis, queued, { header: { record: { ...(job.record as object), device: deviceClass }, request: job.request } })
    const data: RunJobData = { runId: job.id, request: job.request, version: this.options.version, onWorkerLost: this.options.onWorkerLost }
    await this.queues[deviceClass].add('run', data, { jobId: job.id, removeOnComplete: true, removeOnFail: 1000 })
  }

  /** Passes the cancel on at once; the run's `run:cancelled` comes back through the stream. */
  cancel(id: string): CancelOutcome {
    void this.cancelEverywhere(id).catch((error: unknown) => this.hooks.onError(id, error))
    return 'requested'
  }

  /**
   * Flags the run (a worker that picks it up later sees the flag), tells every worker (the one running
   * it aborts), and removes the job if it still waits: then nobody runs it and this node ends it.
   */
  private async cancelEverywhere(id: string): Promise<void> {
    await this.redis.hset(runKey(id), 'cancel', '1')
    await this.redis.publish(CANCEL_CHANNEL, id)
    for (const queue of Object.values(this.queues)) {
      const job = await queue.getJob(id)
      if (!job) continue
      try {
        await job.remove()
      } catch {
        return // active: locked by the worker running it, which aborts on the message
      }
      await publishEvent(this.redis, { type: 'run:cancelled', runId: id, ts: Date.now(), executed: [] } as never)
      this.schedulePositions()
      return
    }
  }

  private schedulePositions(): void {
    if (this.positionsPending || this.closed) return
    this.positionsPending = true
    setTimeout(() => {
      this.positionsPending = false
      void this.announcePositions().catch(() => undefined)
    }, 50)
  }

  /** Tells every waiting run its place; the script drops unchanged places and runs that already started. */
  private async announcePositions(): Promise<void> {
    for (const queue of Object.values(this.queues)) {
      const waiting = await queue.getJobs(['waiting'], 0, POSITIONS_ANNOUNCED - 1, true)
      await Promise.all(waiting.map((job, index) => (job.id ? publishPosition(this.redis, job.id, index + 1) : undefined)))
    }
  }

  private async refresh(): Promise<void> {
    try {
      const states = await Promise.all(
        CLASSES.map(async (device) => {
          const queue = this.queues[device]
          const [waiting, active, counts] = await Promise.all([
            queue.getJobs(['waiting'], 0, 999, true),
            queue.getJobs(['active'], 0, 999, true),
            queue.getJobCounts('waiting', 'active'),
          ])
          return { state: { device, running: active[0]?.id ?? null, waiting: waiting.flatMap((job) => (job.id ? [job.id] : [])) }, counts }
        }),
      )
      this.snapshot = states.map((s) => s.state)
      this.counts = {
        running: states.reduce((sum, s) => sum + (s.counts.active ?? 0), 0),
        waiting: states.reduce((sum, s) => sum + (s.counts.waiting ?? 0), 0),
      }
      this.served = classesServed(await listWorkers(this.redis))
    } catch {
      // Redis is away (restarting): keep the last snapshot, the stream reader reports the outage
    }
  }

  state(): DeviceQueueState[] {
    return this.snapshot
  }

  totals(): { running: number; waiting: number } {
    return { running: this.counts.running, waiting: this.counts.waiting + this.pendingAdds }
  }

  artifactDir(runId: string): string {
    return path.join(this.options.storeDir, 'artifacts', runId)
  }

  /** Stops following Redis. Queued and running runs stay with the workers; they go on without this node. */
  async close(): Promise<void> {
    this.closed = true
    clearInterval(this.timer)
    await this.reader.stop()
    await Promise.all(this.queueEvents.map((events) => events.close().catch(() => undefined)))
    await Promise.all(Object.values(this.queues).map((queue) => queue.close().catch(() => undefined)))
    for (const connection of this.connections) connection.disconnect()
    this.redis.disconnect()
  }
}
