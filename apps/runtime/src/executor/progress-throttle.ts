import type { ProgressPreview } from '@inspectflow/graph-schema'

/** One progress report of a node. */
export interface ProgressReport {
  done: number
  total: number
  message?: string
  preview?: ProgressPreview
}

/** Rate-limits a node's progress reports; see createProgressThrottle. */
export interface ProgressThrottle {
  report(progress: ProgressReport): void
  /** Sends a held-back report now (call before the node's finished/failed event). */
  flush(): void
}

/**
 * Passes at most one report per `intervalMs`, always passing the final one (`done >= total`) and, via
 * a trailing timer or flush(), the latest held-back one, so the last state shown is never stale. Nodes
 * may call progress per image; ten events a second is what a person can read.
 */
export function createProgressThrottle(send: (progress: ProgressReport) => void, intervalMs = 100): ProgressThrottle {
  let lastSent = -Infinity
  let pending: ProgressReport | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  const sendNow = (progress: ProgressReport): void => {
    if (timer) clearTimeout(timer)
    timer = undefined
    pending = undefined
    lastSent = Date.now()
    send(progress)
  }
  const flush = (): void => {
    if (pending) sendNow(pending)
  }
  return {
    report(progress) {
      const due = Date.now() - lastSent >= intervalMs
      if (due || progress.done >= progress.total || progress.preview) return sendNow(progress)
      pending = progress
      timer ??= setTimeout(flush, intervalMs - (Date.now() - lastSent))
      timer.unref?.()
    },
    flush,
  }
}
