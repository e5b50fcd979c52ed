import { isTerminalEvent, type RunEvent } from '@inspectflow/graph-schema'
import type { GraphFile } from '@inspectflow/graph-schema'
import type { Socket } from 'socket.io-client'

import type { RunRecord } from '../src/server/run-record'

/** An event as a socket delivers it, with its sequence number. */
export interface NumberedEvent {
  seq: number
  event: RunEvent
}

/**
 * Subscribes from sequence number `since` (0: everything) and resolves with every event up to the
 * terminal one, in the order the socket delivered them.
 */
export function watchNumbered(socket: Socket, runId: string, since = 0, timeoutMs = 30_000): Promise<NumberedEvent[]> {
  return new Promise((resolve, reject) => {
    const seen: NumberedEvent[] = []
    const timer = setTimeout(() => {
      socket.off('event', onEvent)
      reject(new Error(`run ${runId} did not end within ${timeoutMs} ms; saw ${seen.map((s) => `${s.seq}:${s.event.type}`).join(' ')}`))
    }, timeoutMs)
    const onEvent = (event: RunEvent, seq: number): void => {
      if (event.runId !== runId) return
      seen.push({ seq, event })
      if (isTerminalEvent(event)) {
        clearTimeout(timer)
        socket.off('event', onEvent)
        resolve(seen)
      }
    }
    socket.on('event', onEvent)
    socket.emit('subscribe', { runId, since }, (ack: { ok: boolean; error?: { message: string } }) => {
      if (ack.ok) return
      clearTimeout(timer)
      socket.off('event', onEvent)
      reject(new Error(ack.error?.message ?? 'subscribe refused'))
    })
  })
}

/** Starts a run through the REST API of an API node; its id. */
export async function postRun(apiUrl: string, graph: GraphFile, params: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(`${apiUrl}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ graph, params }) })
  const body = (await response.json()) as { runId?: string; error?: { message: string } }
  if (!body.runId) throw new Error(`POST /api/runs answered ${response.status}: ${body.error?.message}`)
  return body.runId
}

/** A run's record as an API node serves it. */
export async function getRun(apiUrl: string, runId: string): Promise<RunRecord> {
  return (await (await fetch(`${apiUrl}/api/runs/${runId}`)).json()) as RunRecord
}

/** A run's stored event log as an API node serves it. */
export async function getEvents(apiUrl: string, runId: string): Promise<RunEvent[]> {
  return ((await (await fetch(`${apiUrl}/api/runs/${runId}/events`)).json()) as { events: RunEvent[] }).events
}

/** Polls an API node until the run's record satisfies `predicate`. */
export async function waitForRun(apiUrl: string, runId: string, predicate: (record: RunRecord) => boolean, timeoutMs = 30_000): Promise<RunRecord> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const response = await fetch(`${apiUrl}/api/runs/${runId}`)
    if (response.ok) {
      const record = (await response.json()) as RunRecord
      if (predicate(record)) return record
      if (Date.now() > deadline) throw new Error(`run ${runId} stayed ${record.status} for ${timeoutMs} ms`)
    } else if (Date.now() > deadline) throw new Error(`run ${runId} unknown to ${apiUrl} for ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** source -> train (wants a GPU) */
export function trainGraph(steps = 3, delayMs = 10): GraphFile {
  return {
    schemaVersion: 1,
    name: 'train',
    nodes: [
      { id: 'src', type: 'test.source', typeVersion: 1, params: { value: 1 } },
      { id: 'train', type: 'test.train', typeVersion: 1, params: { steps, delayMs } },
    ],
    edges: [{ from: { node: 'src', port: 'value' }, to: { node: 'train', port: 'value' } }],
  }
}

/** source -> slow -> slow: CPU work of three nodes, `batches` x `delayMs` each slow node. */
export function threeNodeGraph(batches: number, delayMs: number, value = 1): GraphFile {
  return {
    schemaVersion: 1,
    name: 'three',
    nodes: [
      { id: 'src', type: 'test.source', typeVersion: 1, params: { value } },
      { id: 'first', type: 'test.slow', typeVersion: 1, params: { batches, delayMs } },
      { id: 'second', type: 'test.slow', typeVersion: 1, params: { batches, delayMs } },
    ],
    edges: [
      { from: { node: 'src', port: 'value' }, to: { node: 'first', port: 'value' } },
      { from: { node: 'first', port: 'value' }, to: { node: 'second', port: 'value' } },
    ],
  }
}
