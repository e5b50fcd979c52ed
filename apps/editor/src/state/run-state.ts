import type { RunEvent } from '@inspectflow/graph-schema'

import type { RunRecord } from '../api/api-types'
import type { NodeRunState, NodeStatus } from '../editor/inspect-node'

/** One line of the run log panel. */
export interface LogLine {
  ts: number
  level: 'info' | 'warn' | 'error'
  nodeId?: string
  text: string
}

/** What the editor knows about the current run, folded from the run record and its events. */
export interface RunView {
  runId: string
  status: RunRecord['status']
  nodes: Record<string, NodeStatus>
  log: LogLine[]
  error?: string
}

const KNOWN_STATES = new Set<NodeRunState>(['queued', 'running', 'cached', 'done', 'failed', 'cancelled', 'skipped'])

/** The server's node states (run-record.ts) in the editor's words. */
function toNodeState(state: string): NodeRunState {
  if (state === 'finished') return 'done'
  if (state === 'pending') return 'queued'
  return KNOWN_STATES.has(state as NodeRunState) ? (state as NodeRunState) : 'idle'
}

/** The view of a run as its record describes it (sent first on subscribe, also after the run ended). */
export function viewFromRecord(record: RunRecord, previous?: RunView): RunView {
  let nodes: Record<string, NodeStatus> = {}
  for (const [id, s] of Object.entries(record.nodeStates ?? {})) {
    nodes[id] = { ...previous?.nodes[id], state: toNodeState(s.state), done: s.done, total: s.total, message: s.message }
  }
  const error = typeof record.error === 'string' ? { message: record.error } : record.error
  if (record.status === 'failed' || record.status === 'cancelled') {
    // A snapshot taken after the end still lists nodes as pending/running: they never will run.
    nodes = markEnded(nodes, record.status)
    if (error?.nodeId) nodes[error.nodeId] = { ...nodes[error.nodeId], state: 'failed', message: error.message }
  }
  return { runId: record.runId, status: record.status, nodes, log: previous?.log ?? [], ...(error ? { error: error.message } : {}) }
}

function line(event: RunEvent, level: LogLine['level'], text: string, nodeId?: string): LogLine {
  return { ts: event.ts, level, text, ...(nodeId ? { nodeId } : {}) }
}

function setNode(view: RunView, nodeId: string, patch: Partial<NodeStatus>): Record<string, NodeStatus> {
  const before = view.nodes[nodeId] ?? { state: 'idle' as const }
  return { ...view.nodes, [nodeId]: { ...before, ...patch } }
}

function progressStatus(event: Extract<RunEvent, { type: 'node:progress' }>): Partial<NodeStatus> {
  const patch: Partial<NodeStatus> = { state: 'running', done: event.done, total: event.total }
  if (event.message !== undefined) patch.message = event.message
  if (event.preview) {
    patch.preview = `data:${event.preview.mime};base64,${event.preview.base64}`
    if (event.preview.caption !== undefined) patch.previewCaption = event.preview.caption
  }
  return patch
}

/** Folds one run event into the view. Pure: returns a new view. */
export function reduceRunEvent(view: RunView, event: RunEvent): RunView {
  switch (event.type) {
    case 'run:queued':
      return { ...view, status: 'queued', log: [...view.log, line(event, 'info', `queued at position ${event.position}`)] }
    case 'run:started': {
      const nodes = { ...view.nodes }
      for (const id of event.nodeIds) nodes[id] = { state: 'queued' }
      return { ...view, status: 'running', nodes, log: [...view.log, line(event, 'info', `started: ${event.nodeIds.length} nodes to run`)] }
    }
    case 'node:started':
      return { ...view, nodes: setNode(view, event.nodeId, { state: 'running', done: 0, total: 0 }), log: [...view.log, line(event, 'info', `${event.nodeType} started`, event.nodeId)] }
    case 'node:cached':
      return { ...view, nodes: setNode(view, event.nodeId, { state: 'cached' }), log: [...view.log, line(event, 'info', 'cached, not re-run', event.nodeId)] }
    case 'node:progress':
      return { ...view, nodes: setNode(view, event.nodeId, progressStatus(event)) }
    case 'node:log':
      return { ...view, log: [...view.log, line(event, event.level, event.message, event.nodeId)] }
    case 'node:finished': {
      const text = `finished in ${(event.ms / 1000).toFixed(2)} s${event.summary ? `: ${event.summary}` : ''}`
      return { ...view, nodes: setNode(view, event.nodeId, { state: 'done', message: event.summary }), log: [...view.log, line(event, 'info', text, event.nodeId)] }
    }
    case 'node:failed':
      return { ...view, nodes: setNode(view, event.nodeId, { state: 'failed', message: event.message }), log: [...view.log, line(event, 'error', event.message, event.nodeId)] }
    case 'run:finished':
      return { ...view, status: 'finished', log: [...view.log, line(event, 'info', `run finished in ${(event.ms / 1000).toFixed(2)} s`)] }
    case 'run:failed':
      return failRun(view, event)
    case 'run:cancelled':
      return { ...view, status: 'cancelled', nodes: markEnded(view.nodes, 'cancelled'), log: [...view.log, line(event, 'warn', 'run cancelled', event.nodeId)] }
  }
}

/** The end of a failed run: the failing node and every node with a validation problem marked, the rest settled. */
function failRun(view: RunView, event: Extract<RunEvent, { type: 'run:failed' }>): RunView {
  const nodes = markEnded(view.nodes, 'failed')
  for (const problem of event.problems ?? []) {
    if (problem.nodeId) nodes[problem.nodeId] = { ...nodes[problem.nodeId], state: 'failed', message: problem.message }
  }
  if (event.nodeId && nodes[event.nodeId]?.state !== 'failed') nodes[event.nodeId] = { ...nodes[event.nodeId], state: 'failed', message: event.message }
  return { ...view, status: 'failed', error: event.message, nodes, log: [...view.log, line(event, 'error', `run failed: ${event.message}`, event.nodeId)] }
}

function markEnded(nodes: Record<string, NodeStatus>, running: NodeRunState): Record<string, NodeStatus> {
  const out: Record<string, NodeStatus> = {}
  for (const [id, s] of Object.entries(nodes)) {
    out[id] = s.state === 'running' ? { ...s, state: running } : s.state === 'queued' ? { ...s, state: 'skipped' } : s
  }
  return out
}

/** True once the run can change no more. */
export function isRunOver(view: RunView | undefined): boolean {
  return view !== undefined && (view.status === 'finished' || view.status === 'failed' || view.status === 'cancelled')
}
