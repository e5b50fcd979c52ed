import type { GraphFile, GraphProblem, RunEvent } from '@inspectflow/graph-schema'
import { useCallback, useEffect, useRef, useState } from 'react'

import { api, ApiError } from '../api/api-client'
import type { Artifact, RunRecord } from '../api/api-types'
import { subscribeToRun } from '../api/run-socket'
import type { EditorHandle } from '../editor/editor-handle'
import type { NodeStatus } from '../editor/inspect-node'
import { buildResults, type RunResults } from '../results/results-data'
import { isRunOver, type LogLine, reduceRunEvent, type RunView, viewFromRecord } from './run-state'

async function optionalJson(artifacts: Artifact[], pattern: RegExp): Promise<unknown> {
  const artifact = artifacts.find((a) => pattern.test(a.name))
  return artifact ? api.artifactJson(artifact.url).catch(() => undefined) : undefined
}

async function loadResults(runId: string): Promise<RunResults> {
  const [record, artifacts] = await Promise.all([api.getRun(runId), api.artifacts(runId)])
  const scores = await optionalJson(artifacts, /(^|\/)scores\.json$/)
  return buildResults(record as RunRecord, artifacts, scores)
}

function fullLog(runId: string, events: RunEvent[]): LogLine[] {
  return events.reduce(reduceRunEvent, { runId, status: 'queued', nodes: {}, log: [] } as RunView).log
}

/** Run and Cancel, the live run view folded from socket events, and the results of a finished run. */
export function useRun(
  handle: EditorHandle | undefined,
  notify: (kind: 'error' | 'info', text: string) => void,
  /** The server refused the graph: its problems go on the nodes and into the problems list. */
  onRefused: (problems: GraphProblem[]) => void,
) {
  const [run, setRun] = useState<RunView>()
  const [results, setResults] = useState<RunResults>()
  const [resultsLoading, setResultsLoading] = useState(false)
  const unsubscribe = useRef<() => void>(undefined)

  const follow = (runId: string) => {
    unsubscribe.current = subscribeToRun(runId, {
      onState: (record) => setRun((prev) => viewFromRecord(record, prev?.runId === runId ? prev : undefined)),
      onEvent: (event) => setRun((prev) => (prev?.runId === runId ? reduceRunEvent(prev, event) : prev)),
    })
  }

  /** Shows a past or running run (its log, node states and results), e.g. from the run history. */
  const open = useCallback(async (runId: string) => {
    unsubscribe.current?.()
    setResults(undefined)
    const record = await api.getRun(runId)
    setRun(viewFromRecord(record))
    if (!isRunOver({ runId, status: record.status, nodes: {}, log: [] })) follow(runId)
  }, [])

  const start = useCallback(
    async (graph: GraphFile, targets?: string[]) => {
      unsubscribe.current?.()
      setResults(undefined)
      try {
        const { runId } = await api.startRun({ graph, ...(targets ? { targets } : {}) })
        setRun({ runId, status: 'queued', nodes: {}, log: [] })
        follow(runId)
      } catch (error) {
        if (error instanceof ApiError && error.problems.length) {
          onRefused(error.problems)
          notify('error', `Not run: the graph has ${error.problems.length} problem(s), marked on the nodes and listed under Problems.`)
        } else notify('error', error instanceof Error ? error.message : String(error))
      }
    },
    [notify, onRefused],
  )

  const cancel = useCallback(async () => {
    if (run && !isRunOver(run)) await api.cancelRun(run.runId)
  }, [run])

  const over = isRunOver(run)
  useEffect(() => {
    if (!run || !over) return
    unsubscribe.current?.()
    const runId = run.runId
    // Events before the subscription only reached the snapshot; the stored list gives the full log.
    api.events(runId).then(
      (events) => setRun((prev) => (prev?.runId === runId ? { ...prev, log: fullLog(runId, events) } : prev)),
      () => undefined,
    )
    if (run.status !== 'finished') return
    setResultsLoading(true)
    loadResults(run.runId)
      // A run without metrics or images (a preview-only graph) keeps the log in view.
      .then(
        (r) => setResults(r.rows.length || r.images.length || Object.keys(r.extra).length ? r : undefined),
        (error: unknown) => notify('error', `Could not load results: ${String(error)}`),
      )
      .finally(() => setResultsLoading(false))
    // Only the transition to "over" of this run matters, not every log line after it.
  }, [run?.runId, over])

  useNodeStatuses(handle, run)
  useEffect(() => () => unsubscribe.current?.(), [])
  return { run, results, resultsLoading, start, open, cancel, running: run !== undefined && !over, clear: () => setRun(undefined) }
}

const IDLE: NodeStatus = { state: 'idle' }

/** Pushes the run's node statuses onto the canvas (only those that changed). */
function useNodeStatuses(handle: EditorHandle | undefined, run: RunView | undefined) {
  const shown = useRef(new Map<string, unknown>())
  useEffect(() => {
    if (!handle) return
    for (const node of handle.nodes()) {
      const status = run?.nodes[node.id] ?? IDLE
      if (shown.current.get(node.id) === status) continue
      shown.current.set(node.id, status)
      handle.setStatus(node.id, status)
    }
  }, [handle, run])
}
