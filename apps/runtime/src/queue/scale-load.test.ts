import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { isTerminalEvent, type RunEvent } from '@inspectflow/graph-schema'
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startApiNode, startWorker, stopAll, type TestProcess } from '../../test/queue-cluster'
import { getEvents } from '../../test/queue-watch'
import { NO_REDIS, startRedis, type TestRedis } from '../../test/redis-server'
import { chainGraph } from '../../test/server-graphs'
import { openSocket } from '../../test/test-server'

const WORKERS = 3
const RUNS_PER_WORKER = 30
const CLIENTS = 50

interface ClientView {
  /** Every numbered event this client received, by run. */
  events: Map<string, { seq: number; event: RunEvent }[]>
}

/** Starts `count` runs over one socket (which then receives their events) and waits for each to end. */
function startRuns(socket: Socket, view: ClientView, values: number[]): Promise<string[]> {
  const ended = new Map<string, () => void>()
  socket.on('event', (event: RunEvent, seq: number) => {
    const list = view.events.get(event.runId) ?? []
    list.push({ seq, event })
    view.events.set(event.runId, list)
    if (isTerminalEvent(event)) ended.get(event.runId)?.()
  })
  return Promise.all(
    values.map(
      (value) =>
        new Promise<string>((resolve, reject) => {
          socket.emit('start', { graph: chainGraph({ batches: 1, delayMs: 1, value }) }, (ack: { ok: boolean; runId?: string; error?: { message: string } }) => {
            if (!ack.ok || !ack.runId) return reject(new Error(ack.error?.message ?? 'start refused'))
            const runId = ack.runId
            if (view.events.get(runId)?.some((e) => isTerminalEvent(e.event))) return resolve(runId)
            ended.set(runId, () => resolve(runId))
          })
        }),
    ),
  )
}

/**
 * Load: 3 worker processes, 90 tiny runs (30 a worker) started by 50 socket clients of one API node.
 * Every run must end exactly once: one terminal event on its client's socket and in the stored log,
 * and its events numbered 1..n without a gap or a repeat.
 */
describe.skipIf(NO_REDIS !== undefined)(NO_REDIS ?? 'scale-out load', () => {
  let redis: TestRedis
  let root: string
  let api: TestProcess & { url: string }
  let workers: TestProcess[] = []
  let sockets: Socket[] = []

  beforeAll(async () => {
    redis = await startRedis()
    root = await mkdtemp(path.join(os.tmpdir(), 'inspectflow-load-'))
    const store = path.join(root, 'store')
    const processes = await Promise.all([
      startApiNode(redis.url, path.join(root, 'api'), store),
      ...Array.from({ length: WORKERS }, () => startWorker(redis.url, store, ['--concurrency', '2'])),
    ])
    api = processes[0] as TestProcess & { url: string }
    workers = processes.slice(1)
    sockets = await Promise.all(Array.from({ length: CLIENTS }, () => openSocket(api.url)))
  })

  afterAll(async () => {
    for (const socket of sockets) socket.close()
    await stopAll([api, ...workers])
    await redis?.remove()
    if (root) await rm(root, { recursive: true, force: true })
  })

  it('ends each of 90 runs from 50 clients exactly once, with every event numbered in order', async () => {
    const total = WORKERS * RUNS_PER_WORKER
    const views = sockets.map((): ClientView => ({ events: new Map() }))
    const startedAt = Date.now()
    const perClient = sockets.map((socket, index) => {
      const values = Array.from({ length: total }, (_v, run) => run).filter((run) => run % CLIENTS === index)
      return startRuns(socket, views[index] as ClientView, values)
    })
    const runIds = (await Promise.all(perClient)).flat()
    const seconds = (Date.now() - startedAt) / 1000
    expect(new Set(runIds).size).toBe(total)
    for (const [index, view] of views.entries()) {
      for (const [runId, seen] of view.events) {
        expect(seen.filter((e) => isTerminalEvent(e.event)), `client ${index}, run ${runId}`).toHaveLength(1)
        expect(seen.map((e) => e.seq)).toEqual(seen.map((_e, i) => i + 1))
      }
    }
    const logs = await Promise.all(runIds.map((runId) => getEvents(api.url, runId)))
    expect(logs.map((events) => events.filter(isTerminalEvent).map((e) => e.type))).toEqual(runIds.map(() => ['run:finished']))
    // every worker took part
    for (const worker of workers) expect(worker.output()).toMatch(/running run /)
    process.stdout.write(`scale-out load: ${total} runs from ${CLIENTS} clients on ${WORKERS} workers in ${seconds.toFixed(1)} s (shared machine)\n`)
  })
})
