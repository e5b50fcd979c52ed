import { useEffect, useState } from 'react'

import { api } from '../api/api-client'
import type { RunRecord } from '../api/api-types'

function when(value: string | number | undefined): string {
  if (value === undefined) return ''
  const date = new Date(value)
  return `${date.toLocaleDateString()} ${date.toLocaleTimeString([], { hour12: false })}`
}

function duration(run: RunRecord): string {
  if (!run.startedAt || !run.endedAt) return ''
  return `${((new Date(run.endedAt).getTime() - new Date(run.startedAt).getTime()) / 1000).toFixed(1)} s`
}

function errorText(error: RunRecord['error']): string {
  return typeof error === 'string' ? error : (error?.message ?? '')
}

/**
 * The server's runs, newest first, with the waiting line's positions; refreshed every two seconds while
 * shown. A click reopens a run's log, node states and results, also after a reload of the page.
 */
export function RunHistory({ currentRunId, onOpen }: { currentRunId?: string; onOpen: (runId: string) => void }) {
  const [runs, setRuns] = useState<RunRecord[]>()
  const [failure, setFailure] = useState<string>()
  useEffect(() => {
    let stopped = false
    const load = () =>
      api.listRuns().then(
        (list) => !stopped && (setRuns(list), setFailure(undefined)),
        (error: unknown) => !stopped && setFailure(error instanceof Error ? error.message : String(error)),
      )
    void load()
    const timer = setInterval(load, 2000)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [])
  if (failure) return <div className="panel-empty">Could not list the runs: {failure}</div>
  if (!runs) return <div className="panel-empty">Loading the runs…</div>
  if (!runs.length) return <div className="panel-empty">No runs yet.</div>
  return (
    <table className="run-history" data-testid="run-history">
      <thead>
        <tr>
          <th>started</th>
          <th>graph</th>
          <th>status</th>
          <th>took</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.runId} className={run.runId === currentRunId ? 'current' : ''} onClick={() => onOpen(run.runId)} data-testid="run-history-row" data-run-id={run.runId}>
            <td>{when(run.createdAt)}</td>
            <td>{run.graphName}</td>
            <td className={`status-${run.status}`}>
              {run.status}
              {run.status === 'queued' && run.position !== undefined && ` (#${run.position} in line)`}
            </td>
            <td>{duration(run)}</td>
            <td className="muted run-error" title={errorText(run.error)}>{errorText(run.error)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
