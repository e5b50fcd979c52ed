import type { Server, Socket } from 'socket.io'

import { socketTokenValid } from './auth'
import { errorBody, toHttpError } from './errors'
import { checkJsonValue } from './json-limits'
import { type StartBody, startInput } from './run-request'
import type { RunService } from './run-service'
import type { GraphStore } from './graph-store'
import type { ServerLimits } from './server-options'
import { guardSocket } from './socket-guards'

/** What the socket hub needs. */
export interface SocketHubDeps {
  runs: RunService
  graphs: GraphStore
  limits: ServerLimits
  token: string | undefined
  /** Where dropped sockets are reported. */
  onWarning?: (message: string) => void
}

/** Answer to the socket `start` message. */
export type StartAck =
  | { ok: true; runId: string; position?: number }
  | { ok: false; error: ReturnType<typeof errorBody>['error'] }

/** Answer to `subscribe` / `unsubscribe` when the client passes an acknowledgement callback. */
export type SubscribeAck = { ok: true } | { ok: false; error: { message: string; code: string } }

function roomOf(runId: string): string {
  return `run:${runId}`
}

/**
 * `subscribe { runId, since }`: replay the events numbered above `since` instead of sending the
 * snapshot. Every `event` message carries its number as the second argument (`(event, seq)`).
 */
function sinceOf(payload: unknown): number | undefined {
  const since = (payload as { since?: unknown } | null)?.since
  return typeof since === 'number' && Number.isInteger(since) && since >= 0 ? since : undefined
}

/** Rounds of reading the log before giving up on catching it up with the record (writes keep landing). */
const REPLAY_ATTEMPTS = 20

function runIdOf(payload: unknown): string | undefined {
  const runId = (payload as { runId?: unknown } | null)?.runId
  return typeof runId === 'string' ? runId : undefined
}

function reply(ack: unknown, answer: SubscribeAck): void {
  if (typeof ack === 'function') (ack as (answer: SubscribeAck) => void)(answer)
}

/**
 * Subscribing sends the record so far as `run:state` and joins the run's room in the same tick. Events
 * are applied to the record before they are broadcast, and both happen synchronously, so the client
 * sees exactly the events after its snapshot, in order, with none missed and none repeated.
 */
function subscribe(socket: Socket, runs: RunService, payload: unknown, ack: unknown): void {
  const runId = runIdOf(payload)
  if (!runId) {
    reply(ack, { ok: false, error: { message: 'subscribe expects { runId: string }', code: 'bad_request' } })
    return
  }
  // already watching: the socket has the snapshot and every event since, so resending is only cost
  if (socket.rooms.has(roomOf(runId))) {
    reply(ack, { ok: true })
    return
  }
  const since = sinceOf(payload)
  if (since !== undefined) {
    void replayFrom(socket, runs, runId, since).then(
      () => reply(ack, { ok: true }),
      (error: unknown) => reply(ack, { ok: false, error: errorBody(toHttpError(error)).error }),
    )
    return
  }
  try {
    const record = runs.get(runId)
    socket.emit('run:state', record)
    void socket.join(roomOf(runId))
    reply(ack, { ok: true })
  } catch (error) {
    reply(ack, { ok: false, error: errorBody(toHttpError(error)).error })
  }
}

/**
 * Sends the events numbered above `since` from the stored log, then joins the room in the same tick
 * as the last check that the log holds every event the record counts: nothing is missed between the
 * replay and the live events, and nothing is sent twice. A client that lost its connection resubscribes
 * with the last `seq` it saw.
 */
async function replayFrom(socket: Socket, runs: RunService, runId: string, since: number): Promise<void> {
  for (let attempt = 0; attempt < REPLAY_ATTEMPTS; attempt++) {
    const events = await runs.events(runId)
    const { eventCount } = runs.get(runId)
    if (events.length < eventCount) continue
    events.slice(since, eventCount).forEach((event, index) => socket.emit('event', event, since + index + 1))
    void socket.join(roomOf(runId))
    return
  }
  throw new Error(`run ${runId}: its event log did not catch up with its record; subscribe again`)
}

/**
 * Starts a run and subscribes the socket to it before its first event, so the client receives the
 * whole sequence from `run:queued` on (no `run:state` snapshot: nothing happened before).
 */
async function start(socket: Socket, deps: SocketHubDeps, payload: unknown, ack: unknown): Promise<void> {
  const answer = (value: StartAck): void => {
    if (typeof ack === 'function') (ack as (value: StartAck) => void)(value)
  }
  try {
    checkJsonValue(payload, { maxDepth: deps.limits.maxJsonDepth, maxStringLength: deps.limits.maxJsonStringLength }, 'the start message')
    const input = await startInput((payload ?? {}) as StartBody, deps)
    const record = deps.runs.start(input, (runId) => void socket.join(roomOf(runId)))
    answer({ ok: true, runId: record.runId, position: record.position })
  } catch (error) {
    answer({ ok: false, error: errorBody(toHttpError(error)).error })
  }
}

function unsubscribe(socket: Socket, payload: unknown, ack: unknown): void {
  const runId = runIdOf(payload)
  if (runId) void socket.leave(roomOf(runId))
  reply(ack, runId ? { ok: true } : { ok: false, error: { message: 'unsubscribe expects { runId: string }', code: 'bad_request' } })
}

/**
 * Wires socket.io to the run service: token check on the handshake, `start` (start and watch),
 * `subscribe`/`unsubscribe` per run, every run event as an `event` message to the run's room, and a small `runs:changed` notice to
 * every client whenever a run's status or queue position changes. Returns a detach function.
 */
export function attachSocketHub(io: Server, deps: SocketHubDeps): () => void {
  const { runs, token } = deps
  if (token !== undefined) {
    io.use((socket, next) => {
      if (socketTokenValid(token, socket.request, socket.handshake.auth)) next()
      else next(new Error('unauthorized: pass the server token as auth: { token }'))
    })
  }
  const guardLimits = {
    maxBufferedBytes: deps.limits.maxSocketBufferedBytes,
    messagesPerSecond: deps.limits.socketMessagesPerSecond,
    messageBurst: deps.limits.socketMessageBurst,
  }
  io.on('connection', (socket) => {
    guardSocket(socket, guardLimits, deps.onWarning ?? (() => {}))
    socket.on('subscribe', (payload: unknown, ack: unknown) => subscribe(socket, runs, payload, ack))
    socket.on('start', (payload: unknown, ack: unknown) => void start(socket, deps, payload, ack))
    socket.on('unsubscribe', (payload: unknown, ack: unknown) => unsubscribe(socket, payload, ack))
  })
  return runs.onEvent((event, record) => {
    // the record has just counted this event: its count is the event's sequence number, sent as the
    // second argument so that clients reading only the event see what they always saw
    io.to(roomOf(event.runId)).emit('event', event, record.eventCount)
    if (event.type.startsWith('run:')) {
      io.emit('runs:changed', { runId: record.runId, status: record.status, position: record.position })
    }
  })
}
