import type { RunEvent } from '@inspectflow/graph-schema'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { RunningServer } from './create-server'
import { chainGraph, failingGraph } from '../../test/server-graphs'
import {
  makeTestDirs,
  openSocket,
  removeTestDirs,
  startAndWatch,
  startTestServer,
  type TestDirs,
  waitForRecord,
  watchRun,
} from '../../test/test-server'

let dirs: TestDirs
let server: RunningServer

beforeAll(async () => {
  dirs = await makeTestDirs()
  server = await startTestServer(dirs)
})

afterAll(async () => {
  await server.close()
  await removeTestDirs(dirs)
})

function shape(events: RunEvent[]): string[] {
  return events.map((e) => ('nodeId' in e && e.nodeId ? `${e.type} ${e.nodeId}` : e.type))
}

async function startRun(body: object): Promise<string> {
  const res = await request(server.app).post('/api/runs').send(body).expect(202)
  expect(res.body.status).toBe('queued')
  return res.body.runId as string
}

describe('runs through the real server', () => {
  it('streams the full event sequence of a small graph in order and records the outputs', async () => {
    const socket = await openSocket(server.url)
    const { runId, events } = await startAndWatch(socket, { graph: chainGraph({ value: 3 }) })
    socket.close()
    const progress = events.filter((e) => e.type === 'node:progress')
    expect(progress.at(-1)).toMatchObject({ nodeId: 'slow', done: 3, total: 3 })
    expect(progress.at(-1)).toHaveProperty('preview.mime', 'image/png')
    const withoutProgress = shape(events.filter((e) => e.type !== 'node:progress'))
    expect(withoutProgress).toEqual([
      'run:queued',
      'run:started',
      'node:started src',
      'node:finished src',
      'node:started slow',
      'node:finished slow',
      'run:finished',
    ])
    expect(events[0]).toMatchObject({ type: 'run:queued', position: 1 })
    expect(events.find((e) => e.type === 'run:started')).toMatchObject({ nodeIds: ['src', 'slow'] })
    const record = (await request(server.app).get(`/api/runs/${runId}`).expect(200)).body
    expect(record).toMatchObject({ status: 'finished', graphName: 'chain', inline: true, executed: ['src', 'slow'] })
    expect(record.outputValues['slow.value']).toBe(6)
    expect(record.nodeStates.slow).toMatchObject({ state: 'finished', done: 3, total: 3 })
    const stored = (await request(server.app).get(`/api/runs/${runId}/events`).expect(200)).body.events as RunEvent[]
    expect(stored).toEqual(events)
  })

  it('reports cached nodes as cached on a re-run and reruns only what changed', async () => {
    const graph = chainGraph({ value: 4, delayMs: 1 })
    const socket = await openSocket(server.url)
    const first = await startAndWatch(socket, { graph })
    const again = await startAndWatch(socket, { graph })
    const changed = await startAndWatch(socket, { graph: chainGraph({ value: 4, delayMs: 1, batches: 4 }) })
    socket.close()
    expect(shape(first.events.filter((e) => e.type === 'node:started'))).toEqual(['node:started src', 'node:started slow'])
    // slow's output comes from the cache, so src is not even needed
    expect(shape(again.events.filter((e) => e.type.startsWith('node:')))).toEqual(['node:cached slow'])
    const againRecord = server.runs.get(again.runId)
    expect(againRecord.nodeStates).toMatchObject({ src: { state: 'skipped' }, slow: { state: 'cached' } })
    expect(again.events.at(-1)?.type).toBe('run:finished')
    expect(shape(changed.events.filter((e) => e.type === 'node:cached' || e.type === 'node:started'))).toEqual([
      'node:cached src',
      'node:started slow',
    ])
  })

  it('applies param overrides and runs a saved graph by name', async () => {
    await request(server.app).put('/api/graphs/doubler').send(chainGraph({ delayMs: 1 })).expect(201)
    const socket = await openSocket(server.url)
    const runId = await startRun({ graphName: 'doubler', params: { start: '21' } })
    await watchRun(socket, runId)
    socket.close()
    const record = server.runs.get(runId)
    expect(record).toMatchObject({ status: 'finished', graphName: 'doubler', inline: false, params: { start: '21' } })
    expect(record.outputValues?.['slow.value']).toBe(42)
  })

  it('reports a failing node with its message and keeps serving', async () => {
    const socket = await openSocket(server.url)
    const { runId, events } = await startAndWatch(socket, { graph: failingGraph() })
    socket.close()
    const failed = events.find((e) => e.type === 'node:failed')
    expect(failed).toMatchObject({ nodeId: 'bad', nodeType: 'test.fail' })
    expect(events.at(-1)).toMatchObject({ type: 'run:failed', nodeId: 'bad' })
    const record = server.runs.get(runId)
    expect(record.status).toBe('failed')
    expect(record.error?.message).toMatch(/value: expected a number below 0, found a positive number/)
    expect(record.nodeStates.bad?.state).toBe('failed')
    await request(server.app).get('/api/health').expect(200)
  })

  it('survives an executor that throws instead of reporting', async () => {
    const crashDirs = await makeTestDirs()
    const crashing = await startTestServer(crashDirs, { execute: () => Promise.reject(new Error('boom')) })
    try {
      const res = await request(crashing.app).post('/api/runs').send({ graph: chainGraph() }).expect(202)
      const record = await waitForRecord(crashing, res.body.runId, (r) => r.status === 'failed')
      expect(record.error?.message).toMatch(/executor threw.*boom/)
      await request(crashing.app).get('/api/health').expect(200)
    } finally {
      await crashing.close()
      await removeTestDirs(crashDirs)
    }
  })
})

describe('cancel and the queue', () => {
  it('cancels a running run mid-node and a queued run that then never starts', async () => {
    const socket = await openSocket(server.url)
    const slow = chainGraph({ value: 7, batches: 200, delayMs: 20 })
    const running = await startRun({ graph: slow })
    const queued = (await request(server.app).post('/api/runs').send({ graph: chainGraph({ value: 8 }) }).expect(202)).body
    expect(queued.position).toBe(1)
    await waitForRecord(server, running, (r) => (r.nodeStates.slow?.done ?? 0) >= 2)
    const health = (await request(server.app).get('/api/health').expect(200)).body
    expect(health.queue).toEqual({ running: 1, waiting: 1 })

    const cancelledQueued = (await request(server.app).post(`/api/runs/${queued.runId}/cancel`).expect(200)).body
    expect(cancelledQueued.status).toBe('cancelled')
    const watchRunning = watchRun(socket, running)
    await request(server.app).post(`/api/runs/${running}/cancel`).expect(200)
    const { events } = await watchRunning
    socket.close()

    expect(events.at(-1)).toMatchObject({ type: 'run:cancelled', nodeId: 'slow' })
    const runningRecord = server.runs.get(running)
    expect(runningRecord.status).toBe('cancelled')
    expect(runningRecord.nodeStates.slow?.done ?? 0).toBeLessThan(200)
    const queuedEvents = (await request(server.app).get(`/api/runs/${queued.runId}/events`).expect(200)).body.events as RunEvent[]
    expect(queuedEvents.map((e) => e.type)).toEqual(['run:queued', 'run:cancelled'])
    expect(server.runs.get(queued.runId).startedAt).toBeUndefined()
  })

  it('runs queued runs one at a time, telling each its position as the line moves', async () => {
    const socket = await openSocket(server.url)
    // A long run holds the device so that the three runs below all queue behind it.
    const blocker = await startRun({ graph: chainGraph({ value: 99, batches: 400, delayMs: 20 }) })
    const ids = [] as string[]
    for (let i = 0; i < 3; i++) ids.push(await startRun({ graph: chainGraph({ value: 100 + i, batches: 2, delayMs: 15 }) }))
    expect(ids.map((id) => server.runs.get(id).position)).toEqual([1, 2, 3])
    await request(server.app).post(`/api/runs/${blocker}/cancel`).expect(200)
    const results = await Promise.all(ids.map((id) => watchRun(socket, id)))
    socket.close()
    const records = ids.map((id) => server.runs.get(id))
    expect(records.map((r) => r.status)).toEqual(['finished', 'finished', 'finished'])
    for (let i = 1; i < records.length; i++) {
      expect(Date.parse(records[i]?.startedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(records[i - 1]?.endedAt ?? ''))
    }
    const third = await request(server.app).get(`/api/runs/${ids[2]}/events`).expect(200)
    const positions = (third.body.events as RunEvent[]).flatMap((e) => (e.type === 'run:queued' ? [e.position] : []))
    expect(positions).toEqual([3, 2, 1])
    expect(results.every((r) => r.events.filter((e) => e.type.startsWith('run:') && e.type !== 'run:queued' && e.type !== 'run:started').length <= 1)).toBe(true)
    for (const id of ids) {
      const log = (await request(server.app).get(`/api/runs/${id}/events`).expect(200)).body.events as RunEvent[]
      expect(log.filter((e) => ['run:finished', 'run:failed', 'run:cancelled'].includes(e.type)).map((e) => e.type)).toEqual(['run:finished'])
    }
  })

  it('answers cancel of a finished run with the record and 404 for an unknown run', async () => {
    const runs = (await request(server.app).get('/api/runs?status=finished').expect(200)).body.runs
    const finished = runs[0]
    const res = await request(server.app).post(`/api/runs/${finished.runId}/cancel`).expect(200)
    expect(res.body.status).toBe('finished')
    const missing = await request(server.app).post('/api/runs/nosuchrun/cancel').expect(404)
    expect(missing.body.error.message).toMatch(/no run with id "nosuchrun"/)
  })
})
