/**
 * The run queue the run service talks to. Two implementations: the in-process one (server/run-queue.ts,
 * the default: one job per device at a time, inside the server) and the BullMQ one (bullmq-run-queue.ts:
 * runs wait in Redis and execute on `inspectflow worker` processes, their events come back through a
 * Redis stream).
 */

/** What a run was started with, as the queue hands it to whoever executes it. */
export interface QueuedRequest {
  graph: unknown
  params: Record<string, unknown>
  targets?: string[]
}

/** One unit of work for the in-process queue: the server wraps one run in it. */
export interface QueueJob {
  id: string
  /** Runs the job in this process; must settle after `signal` fires. Rejections are reported, never rethrown. */
  run(signal: AbortSignal, device: string): Promise<void>
}

/** A run as the run service queues it: runnable here, or described for a remote worker. */
export interface RunJob extends QueueJob {
  /** What a remote worker needs to run it. */
  request: QueuedRequest
  /** Node types of the planned graph, for routing by device class. */
  nodeTypes: string[]
  /** The record as created, so that every API node can show the run (remote queues only). */
  record: unknown
}

/** Snapshot of one device's line. */
export interface DeviceQueueState {
  device: string
  running: string | null
  waiting: string[]
}

/**
 * How `cancel` found the job. `requested`: a remote queue passed the cancel on; the run's
 * `run:cancelled` event arrives through the event stream once a worker (or the queue) has acted on it.
 */
export type CancelOutcome = 'queued' | 'running' | 'unknown' | 'requested'

/** Callbacks every queue reports through. */
export interface QueueHooks {
  /** A waiting job's 1-based place in its device's line changed (in-process queue). */
  onPosition(id: string, position: number): void
  /** A job or the queue itself failed; the queue carries on. */
  onError(id: string, error: unknown): void
}

/** A change to a run's record that travels with an event: who ran it on what, and what it produced. */
export interface RecordPatch {
  device?: string
  executed?: string[]
  cached?: string[]
  outputValues?: Record<string, unknown>
  summary?: { metrics?: unknown; threshold?: unknown }
}

/** Callbacks of a queue whose runs execute elsewhere. */
export interface RemoteQueueHooks extends QueueHooks {
  /** A run created by another API node: its first record and request. */
  onRemoteRun(record: unknown, request: QueuedRequest): void
  /** The event numbered `seq` (1-based, per run) of a run, with the record change it carries. */
  onRemoteEvent(runId: string, seq: number, event: unknown, patch: RecordPatch | undefined): void
  /** The queue could not even hand the run to Redis: the run service fails it locally with this reason. */
  onLocalFailure(runId: string, message: string): void
}

/** The queue as the run service uses it. */
export interface RunQueue {
  /** True when runs execute in other processes and their events arrive through `onRemoteEvent`. */
  readonly remote: boolean
  /** Adds a job; the device (class) it waits for and its 1-based place in that line. */
  enqueue(job: RunJob): { device: string; position: number }
  /** Removes a waiting job or stops a running one. */
  cancel(id: string): CancelOutcome
  /** Every device's running and waiting job ids (a remote queue: its latest snapshot). */
  state(): DeviceQueueState[]
  /** Totals over all devices, as `/api/health` reports them. */
  totals(): { running: number; waiting: number }
  /** Where a run's artifacts are, when the queue keeps them elsewhere than the run store (a shared store). */
  artifactDir?(runId: string): string
  /** Stops taking work and lets go of connections. */
  close(graceMs?: number): Promise<void>
}
