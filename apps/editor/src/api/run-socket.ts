import type { RunEvent } from '@inspectflow/graph-schema'
import { io, type Socket } from 'socket.io-client'

import type { RunRecord } from './api-types'

/** Handlers for one run's live updates. */
export interface RunSubscriber {
  /** The run so far, sent first on subscribe. */
  onState: (record: RunRecord) => void
  /** Every later event, in order. */
  onEvent: (event: RunEvent) => void
  onDisconnect?: (reason: string) => void
}

let shared: Socket | undefined

function socket(): Socket {
  shared ??= io({ path: '/socket.io', transports: ['websocket', 'polling'] })
  return shared
}

/** Subscribes to a run's events over socket.io; returns the unsubscribe function. */
export function subscribeToRun(runId: string, subscriber: RunSubscriber): () => void {
  const s = socket()
  const onState = (record: RunRecord) => {
    if (record.runId === runId) subscriber.onState(record)
  }
  const onEvent = (event: RunEvent) => {
    if (event.runId === runId) subscriber.onEvent(event)
  }
  const onDisconnect = (reason: string) => subscriber.onDisconnect?.(reason)
  // Re-subscribe after a reconnect: the server replays the state, so nothing is missed.
  const onConnect = () => s.emit('subscribe', { runId })
  s.on('run:state', onState)
  s.on('event', onEvent)
  s.on('disconnect', onDisconnect)
  s.on('connect', onConnect)
  if (s.connected) onConnect()
  return () => {
    s.emit('unsubscribe', { runId })
    s.off('run:state', onState)
    s.off('event', onEvent)
    s.off('disconnect', onDisconnect)
    s.off('connect', onConnect)
  }
}
