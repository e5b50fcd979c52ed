import { isTerminalEvent } from '@inspectflow/graph-schema'

import { isFinalStatus } from './run-record'
import { beyondRetention, type RunRetention } from './run-retention'
import type { RunService } from './run-service'
import type { RunStore } from './run-store'

/**
 * Applies the retention while the server runs: each time a run ends, ended runs beyond the setting are
 * forgotten and their folders deleted, so a server that stays up for weeks does not wait for a restart
 * to prune. Returns the detach function.
 */
export function keepRunsWithin(runs: RunService, store: RunStore, retention: RunRetention, onError: (error: unknown) => void): () => void {
  if (retention.keep === undefined && retention.maxAgeDays === undefined) return () => {}
  let pruning = Promise.resolve()
  return runs.onEvent((event) => {
    if (!isTerminalEvent(event)) return
    // one prune at a time; the list is read when it starts, after the ending run's record is final
    pruning = pruning
      .then(async () => {
        const ended = store.list().filter((record) => isFinalStatus(record.status))
        for (const record of beyondRetention(ended, retention, Date.now())) await store.remove(record.runId)
      })
      .catch(onError)
  })
}
