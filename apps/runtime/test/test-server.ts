import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { isTerminalEvent, type RunEvent } from '@inspectflow/graph-schema'
import { createEngines, createRegistry } from '@inspectflow/nodes'
import { io as connect, type Socket } from 'socket.io-client'

import { createServer, type RunningServer } from '../src/server/create-server'
import type { RunRecord } from '../src/server/run-record'
import type { ServerOptions } from '../src/server/server-options'
import { stubNodes } from './server-stub-nodes'

/** Temporary folders of one test server. */
export interface TestDirs {
  root: string
  dataDir: string
  graphsDir: string
  templatesDir: string
  dataRoot: string
}

/** Makes a fresh folder tree under the OS temp dir. */
export async function makeTestDirs(): Promise<TestDirs> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'inspectflow-server-'))
  return {
    root,
    dataDir: path.join(root, 'data'),
    graphsDir: path.join(root, 'user-graphs'),
    templatesDir: path.join(root, 'templates'),
    dataRoot: path.join(root, 'inputs'),
  }
}

/** Removes the folders again. */
export async function removeTestDirs(dirs: TestDirs): Promise<void> {
  await rm(dirs.root, { recursive: true, force: true })
}

/** A real server over the stub nodes on port 0, with every folder inside `dirs`. */
export function startTestServer(dirs: TestDirs, options: ServerOptions = {}): Promise<RunningServer> {
  return createServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: dirs.dataDir,
    graphsDir: dirs.graphsDir,
    templatesDir: dirs.templatesDir,
    dataRoots: [dirs.dataRoot],
    baseDir: dirs.dataRoot,
    registry: createRegistry(stubNodes),
    engines: createEngines(),
    editorDir: null,
    logger: { warn: () => {}, error: () => {} },
    ...options,
  })
}

/** Opens a socket.io client and waits until it is connected (or rejects with the refusal). */
export function openSocket(url: string, auth: Record<string, unknown> = {}, extraHeaders?: Record<string, string>): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], auth, reconnection: false, forceNew: true, extraHeaders })
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', (error) => {
      socket.close()
      reject(error)
    })
  })
}

/** What a subscriber saw of one run: the snapshot first, then every event up to the terminal one. */
export interface WatchResult {
  state: RunRecord
  events: RunEvent[]
}

/**
 * Subscribes to a run and resolves once its terminal event arrives (or at once when the snapshot is
 * already final). Rejects when the subscription is refused.
 */
export function watchRun(socket: Socket, runId: string, timeoutMs = 15_000): Promise<WatchResult> {
  return new Promise((resolve, reject) => {
    let state: RunRecord | undefined
    const events: RunEvent[] = []
    const timer = setTimeout(() => reject(new Error(`run ${runId} did not end within ${timeoutMs} ms`)), timeoutMs)
    const finish = (): void => {
      clearTimeout(timer)
      socket.off('run:state', onState)
      socket.off('event', onEvent)
      resolve({ state: state as RunRecord, events })
    }
    const onState = (record: RunRecord): void => {
      if (record.runId !== runId) return
      state = record
      if (['finished', 'failed', 'cancelled'].includes(record.status)) finish()
    }
    const onEvent = (event: RunEvent): void => {
      if (event.runId !== runId) return
      events.push(event)
      if (isTerminalEvent(event)) finish()
    }
    socket.on('run:state', onState)
    socket.on('event', onEvent)
    socket.emit('subscribe', { runId }, (ack: { ok: boolean; error?: { message: string } }) => {
      if (!ack.ok) {
        clearTimeout(timer)
        reject(new Error(ack.error?.message ?? 'subscribe refused'))
      }
    })
  })
}

/** Waits until `predicate` holds for the run's record, polling the server's own store. */
export async function waitForRecord(server: RunningServer, runId: string, predicate: (r: RunRecord) => boolean, timeoutMs = 10_000): Promise<RunRecord> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const record = server.runs.get(runId)
    if (predicate(record)) return record
    if (Date.now() > deadline) throw new Error(`run ${runId} stayed ${record.status} for ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Result of `startAndWatch`: the run id and every event from `run:queued` to the terminal one. */
export interface StartedRun {
  runId: string
  events: RunEvent[]
}

/**
 * Starts a run over the socket (`start`), which subscribes before the first event, and resolves with
 * the complete event sequence. Rejects with the server's error message when the start is refused.
 */
export function startAndWatch(socket: Socket, body: object, timeoutMs = 15_000): Promise<StartedRun> {
  return new Promise((resolve, reject) => {
    const events: RunEvent[] = []
    let runId: string | undefined
    const timer = setTimeout(() => reject(new Error(`run did not end within ${timeoutMs} ms`)), timeoutMs)
    const onEvent = (event: RunEvent): void => {
      if (runId !== undefined && event.runId !== runId) return
      events.push(event)
      if (isTerminalEvent(event) && runId !== undefined) done()
    }
    const done = (): void => {
      clearTimeout(timer)
      socket.off('event', onEvent)
      resolve({ runId: runId as string, events: events.filter((e) => e.runId === runId) })
    }
    socket.on('event', onEvent)
    socket.emit('start', body, (ack: { ok: boolean; runId?: string; error?: { message: string } }) => {
      if (!ack.ok) {
        clearTimeout(timer)
        socket.off('event', onEvent)
        reject(new Error(ack.error?.message ?? 'start refused'))
        return
      }
      runId = ack.runId
      if (events.some((e) => e.runId === runId && isTerminalEvent(e))) done()
    })
  })
}
