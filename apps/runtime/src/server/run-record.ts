import type { ProgressPreview, RunEvent } from '@inspectflow/graph-schema'

/** Lifecycle state of a run as the API reports it. */
export type RunStatus = 'queued' | 'running' | 'finished' | 'failed' | 'cancelled'

/** Last known state of one node of a run. */
export interface NodeState {
  /** `skipped`: the run finished without needing the node (everything downstream came from the cache). */
  state: 'pending' | 'running' | 'cached' | 'finished' | 'failed' | 'skipped'
  done?: number
  total?: number
  message?: string
  /** The latest small preview image the node sent with its progress, so late joiners see it too. */
  preview?: ProgressPreview
  ms?: number
  /** What ran the node: `cpu` or `cuda:0`, and the engine (`onnxruntime cpu`, `tfjs tfjs-node-gpu:tensorflow`, `javascript`). */
  device?: string
  backend?: string
}

/** The stored, JSON-serialisable state of a run (docs/api.md `RunRecord`). */
export interface RunRecord {
  runId: string
  /** Saved graph name, or the inline graph's own `name`. */
  graphName: string
  /** True when the run was started from an inline graph rather than a saved name. */
  inline: boolean
  status: RunStatus
  /** 1-based place in its device's waiting line while queued. */
  position?: number
  device: string
  createdAt: string
  startedAt?: string
  endedAt?: string
  error?: { message: string; nodeId?: string; nodeType?: string }
  params: Record<string, unknown>
  targets?: string[]
  nodeStates: Record<string, NodeState>
  /** Requested outputs (`nodeId.port`) that the run produced. */
  outputs?: string[]
  /** JSON-safe summaries of the produced outputs (tensors shown as dtype and shape). */
  outputValues?: Record<string, unknown>
  summary?: { metrics?: unknown; threshold?: unknown }
  /** Node ids that executed and that came from the cache. */
  executed?: string[]
  cached?: string[]
  /** Number of events applied so far: a late joiner can tell where `run:state` leaves off. */
  eventCount: number
}

/** Statuses after which a run never changes again. */
export const FINAL_STATUSES: readonly RunStatus[] = ['finished', 'failed', 'cancelled']

/** True when the run has ended. */
export function isFinalStatus(status: RunStatus): boolean {
  return FINAL_STATUSES.includes(status)
}

function iso(ts: number): string {
  return new Date(ts).toISOString()
}

function setNode(record: RunRecord, nodeId: string, patch: Partial<NodeState>): void {
  const previous = record.nodeStates[nodeId] ?? { state: 'pending' }
  record.nodeStates[nodeId] = { ...previous, ...patch }
}

/**
 * A run that has ended has no node still working: a node cut off by a failure elsewhere, a cancel or a
 * restart is marked failed with why, instead of showing `running` forever.
 */
export function settleRunningNodes(record: RunRecord, message: string): void {
  for (const state of Object.values(record.nodeStates)) {
    if (state.state === 'running') {
      state.state = 'failed'
      state.message = message
    }
  }
}

function applyRunEvent(record: RunRecord, event: RunEvent): void {
  switch (event.type) {
    case 'run:queued':
      record.status = 'queued'
      record.position = event.position
      return
    case 'run:started':
      record.status = 'running'
      record.startedAt = iso(event.ts)
      delete record.position
      for (const nodeId of event.nodeIds) setNode(record, nodeId, { state: 'pending' })
      return
    case 'run:finished':
      record.status = 'finished'
      record.outputs = event.outputs
      for (const state of Object.values(record.nodeStates)) if (state.state === 'pending') state.state = 'skipped'
      break
    case 'run:failed':
      record.status = 'failed'
      record.error = { message: event.message, nodeId: event.nodeId, nodeType: event.nodeType }
      record.executed = event.executed
      settleRunningNodes(record, 'stopped: the run failed')
      break
    case 'run:cancelled':
      record.status = 'cancelled'
      record.executed = event.executed
      settleRunningNodes(record, 'stopped: the run was cancelled')
      break
    default:
      return
  }
  delete record.position
  record.endedAt = iso(event.ts)
}

function applyNodeEvent(record: RunRecord, event: RunEvent): void {
  switch (event.type) {
    case 'node:started':
      return setNode(record, event.nodeId, { state: 'running' })
    case 'node:cached':
      return setNode(record, event.nodeId, { state: 'cached' })
    case 'node:progress': {
      const patch: Partial<NodeState> = { done: event.done, total: event.total, message: event.message }
      if (event.preview) patch.preview = event.preview
      return setNode(record, event.nodeId, patch)
    }
    case 'node:finished': {
      const ran = event.device ? { device: event.device, backend: event.backend } : {}
      return setNode(record, event.nodeId, { state: 'finished', ms: event.ms, message: event.summary, ...ran })
    }
    case 'node:failed':
      return setNode(record, event.nodeId, { state: 'failed', message: event.message })
    default:
      return
  }
}

/**
 * Folds one executor event into the record, in place. The record is what `GET /api/runs/:id` returns
 * and what a late socket subscriber receives as `run:state`, so it must reflect every event so far.
 */
export function applyEvent(record: RunRecord, event: RunEvent): void {
  if (event.type.startsWith('run:')) applyRunEvent(record, event)
  else applyNodeEvent(record, event)
  record.eventCount += 1
}
