import type { RunEvent } from '@inspectflow/graph-schema'

/** A run event before the emitter stamps it with `runId` and `ts`. */
export type RunEventInput = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'runId' | 'ts'> : never) : never

/** Emits the events of one run, stamped, in order, and at most one terminal event. */
export interface RunEventEmitter {
  emit(event: RunEventInput): void
  /** True once a terminal event went out. */
  readonly ended: boolean
}

const TERMINAL = new Set(['run:finished', 'run:failed', 'run:cancelled'])

/**
 * Wraps a listener: stamps each event, swallows listener errors (a broken socket must not break a run)
 * and drops anything after the terminal event so that a run ends exactly once.
 */
export function createRunEventEmitter(runId: string, listener: (event: RunEvent) => void): RunEventEmitter {
  let ended = false
  return {
    emit(event) {
      if (ended) return
      if (TERMINAL.has(event.type)) ended = true
      try {
        listener({ ...event, runId, ts: Date.now() } as RunEvent)
      } catch {
        // listener failures are the listener's concern; the run goes on
      }
    },
    get ended() {
      return ended
    },
  }
}
