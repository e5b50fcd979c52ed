import type { CancelOutcome, DeviceQueueState, QueueHooks, QueueJob, RunQueue } from '../queue/run-queue'

export type { CancelOutcome, DeviceQueueState, QueueHooks, QueueJob, RunQueue } from '../queue/run-queue'

interface DeviceLine {
  device: string
  running: { job: QueueJob; controller: AbortController; done: Promise<void> } | null
  waiting: QueueJob[]
}

/**
 * In-process run queue with one worker per device: one job runs per device at a time, the others wait
 * in order and are told their position. A cancelled waiting job is removed and never starts; a
 * running one is aborted through its AbortController.
 */
export class InProcessRunQueue implements RunQueue {
  readonly remote = false
  private readonly lines: DeviceLine[]
  private closed = false

  constructor(
    devices: readonly string[],
    private readonly hooks: QueueHooks,
  ) {
    if (devices.length === 0) throw new Error('RunQueue needs at least one device, got none')
    this.lines = devices.map((device) => ({ device, running: null, waiting: [] }))
  }

  private load(line: DeviceLine): number {
    return line.waiting.length + (line.running ? 1 : 0)
  }

  /**
   * Adds a job to the least busy device and returns where it waits. The job starts on a later
   * microtask, so the caller can announce it as queued before anything else happens.
   */
  enqueue(job: QueueJob): { device: string; position: number } {
    if (this.closed) throw new Error('the run queue is closed because the server is shutting down')
    const line = this.lines.reduce((best, next) => (this.load(next) < this.load(best) ? next : best))
    line.waiting.push(job)
    queueMicrotask(() => this.pump(line))
    return { device: line.device, position: line.waiting.length }
  }

  private pump(line: DeviceLine): void {
    if (line.running || this.closed) return
    const job = line.waiting.shift()
    if (!job) return
    this.announcePositions(line)
    const controller = new AbortController()
    // Marked running before the job starts: a job that fails synchronously clears it again.
    const entry = { job, controller, done: Promise.resolve() }
    line.running = entry
    entry.done = this.execute(line, job, controller.signal)
  }

  private async execute(line: DeviceLine, job: QueueJob, signal: AbortSignal): Promise<void> {
    try {
      await job.run(signal, line.device)
    } catch (error) {
      this.hooks.onError(job.id, error)
    } finally {
      line.running = null
      this.pump(line)
    }
  }

  private announcePositions(line: DeviceLine): void {
    line.waiting.forEach((waiting, index) => this.hooks.onPosition(waiting.id, index + 1))
  }

  /** Removes a waiting job or aborts a running one. */
  cancel(id: string): CancelOutcome {
    for (const line of this.lines) {
      if (line.running?.job.id === id) {
        line.running.controller.abort()
        return 'running'
      }
      const index = line.waiting.findIndex((job) => job.id === id)
      if (index >= 0) {
        line.waiting.splice(index, 1)
        this.announcePositions(line)
        return 'queued'
      }
    }
    return 'unknown'
  }

  /** Every device's running and waiting job ids. */
  state(): DeviceQueueState[] {
    return this.lines.map((line) => ({
      device: line.device,
      running: line.running?.job.id ?? null,
      waiting: line.waiting.map((job) => job.id),
    }))
  }

  /** Totals over all devices, as `/api/health` reports them. */
  totals(): { running: number; waiting: number } {
    const states = this.state()
    return {
      running: states.filter((s) => s.running !== null).length,
      waiting: states.reduce((sum, s) => sum + s.waiting.length, 0),
    }
  }

  /** Stops starting jobs, aborts the running ones and waits (bounded) for them to settle. Waiting jobs stay unstarted. */
  async close(graceMs = 5000): Promise<void> {
    this.closed = true
    const running = this.lines.flatMap((line) => (line.running ? [line.running] : []))
    for (const entry of running) entry.controller.abort()
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref())
    await Promise.race([Promise.all(running.map((entry) => entry.done)), timeout])
  }
}
