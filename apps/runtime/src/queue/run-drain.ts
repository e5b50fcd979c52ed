/** One run a worker is executing, as far as cancels and a shutdown are concerned. */
export interface TrackedRun {
  signal: AbortSignal
  /** True once a shutdown stopped the run between two nodes (it is requeued, not cancelled). */
  readonly stoppedForDrain: boolean
  /** Feeds the run's event types in: a shutdown waits for the running node to finish. */
  observe(eventType: string): void
}

interface RunEntry {
  controller: AbortController
  nodeRunning: boolean
  stoppedForDrain: boolean
}

/**
 * Cancels and the graceful shutdown of a worker's running runs. A cancel aborts at once (the node
 * sees its signal). A shutdown lets each run finish the node it is on (its output lands in the shared
 * cache) and aborts before the next one, so the run can be requeued and resumed from the cache.
 */
export class RunDrain {
  private readonly runs = new Map<string, RunEntry>()
  private draining = false

  track(runId: string): TrackedRun {
    const entry: RunEntry = { controller: new AbortController(), nodeRunning: false, stoppedForDrain: false }
    this.runs.set(runId, entry)
    if (this.draining) this.stopForDrain(entry)
    return {
      signal: entry.controller.signal,
      get stoppedForDrain() {
        return entry.stoppedForDrain
      },
      observe: (eventType) => {
        if (eventType === 'node:started') entry.nodeRunning = true
        else if (eventType === 'node:finished' || eventType === 'node:failed') {
          entry.nodeRunning = false
          if (this.draining) this.stopForDrain(entry)
        }
      },
    }
  }

  untrack(runId: string): void {
    this.runs.delete(runId)
  }

  cancel(runId: string): void {
    this.runs.get(runId)?.controller.abort()
  }

  /** From now on every run stops at its next node boundary (at once when no node is running). */
  begin(): void {
    this.draining = true
    for (const entry of this.runs.values()) if (!entry.nodeRunning) this.stopForDrain(entry)
  }

  private stopForDrain(entry: RunEntry): void {
    if (entry.controller.signal.aborted) return
    entry.stoppedForDrain = true
    entry.controller.abort()
  }
}
