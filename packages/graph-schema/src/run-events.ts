/**
 * The typed lifecycle events of a run, shared by the executor, the server, the CLI and the editor.
 * Every event carries `runId` and `ts` (ms since epoch). A run ends only on one terminal event.
 */

import type { GraphProblem } from './problems'

interface EventBase {
  runId: string
  ts: number
}

/** A small preview image attached to a progress event (PNG, base64). */
export interface ProgressPreview {
  mime: 'image/png'
  base64: string
  caption?: string
}

export type RunEvent =
  | (EventBase & { type: 'run:queued'; position: number })
  | (EventBase & { type: 'run:started'; nodeIds: string[] })
  | (EventBase & { type: 'node:started'; nodeId: string; nodeType: string })
  | (EventBase & { type: 'node:cached'; nodeId: string; nodeType: string })
  | (EventBase & {
      type: 'node:progress'
      nodeId: string
      done: number
      total: number
      message?: string
      preview?: ProgressPreview
    })
  | (EventBase & { type: 'node:log'; nodeId: string; level: 'info' | 'warn'; message: string })
  /** `device` and `backend`: what ran the node (`cpu`, `onnxruntime cpu`), for the record and the report. */
  | (EventBase & { type: 'node:finished'; nodeId: string; nodeType: string; ms: number; summary?: string; device?: string; backend?: string })
  | (EventBase & { type: 'node:failed'; nodeId: string; nodeType: string; message: string })
  | (EventBase & { type: 'run:finished'; ms: number; outputs: string[] })
  | (EventBase & {
      type: 'run:failed'
      nodeId?: string
      nodeType?: string
      message: string
      executed: string[]
      /** Every problem of a graph that failed validation; nothing ran. */
      problems?: GraphProblem[]
    })
  | (EventBase & { type: 'run:cancelled'; nodeId?: string; executed: string[] })

/** The `type` field of every run event. */
export type RunEventType = RunEvent['type']

/** Events after which nothing more is emitted for the run. */
export const TERMINAL_EVENT_TYPES: readonly RunEventType[] = ['run:finished', 'run:failed', 'run:cancelled']

/** True when the event ends its run. */
export function isTerminalEvent(event: RunEvent): boolean {
  return TERMINAL_EVENT_TYPES.includes(event.type)
}
