import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

import type { RunEvent } from '@inspectflow/graph-schema'
import request from 'supertest'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'

import type { RunRecord } from './run-record'
import { chainGraph, readFileGraph } from '../../test/server-graphs'
import {
  makeTestDirs,
  openSocket,
  removeTestDirs,
  startAndWatch,
  startTestServer,
  type TestDirs,
  watchRun,
} from '../../test/test-server'

let dirs: TestDirs
const made: TestDirs[] = []

beforeEach(async () => {
  dirs = await makeTestDirs()
  made.push(dirs)
})

afterAll(async () => {
  await Promise.all(made.map(removeTestDirs))
})

describe('two clients watching one run', () => {
  it('gives a late joiner the state so far, then the same live events as the first client, in order', async () => {
    const server = await startTestServer(dirs)
    try {
      const early = await openSocket(server.url)
      const late = await openSocket(server.url)
      const started = startAndWatch(early, { graph: chainGraph({ value: 5, batches: 60, delayMs: 20 }) })
      // Join once the first client has seen the slow node make progress: mid-run, mid-node.
      const runId = await new Promise<string>((resolve) => {
        const onEvent = (e: RunEvent): void => {
          if (e.type !== 'node:progress') return
          early.off('event', onEvent)
          resolve(e.runId)
        }
        early.on('event', onEvent)
      })
      const lateView = await watchRun(late, runId)
      const earlyView = await started
      early.close()
      late.close()

      expect(lateView.state.status).toBe('running')
      expect(lateView.state.nodeStates.slow?.done ?? 0).toBeGreaterThan(0)
      // The snapshot covers exactly the events before the live ones: nothing missed, nothing twice.
      const seen = lateView.state.eventCount
      expect(lateView.events).toEqual(earlyView.events.slice(seen))
      expect(lateView.events.at(-1)?.type).toBe('run:finished')
    } finally {
      await server.close()
    }
  })
})

describe('restart', () => {
  it('keeps graphs, finished runs with their events and artifacts, and fails runs cut short', async () => {
    const first = await startTestServer(dirs)
    await request(first.app).put('/api/graphs/kept').send(chainGraph({ name: 'Kept graph' })).expect(201)
    const socket = await openSocket(first.url)
    const done = await startAndWatch(socket, { graphName: 'kept' })
    await mkdir(dirs.dataRoot, { recursive: true })
    await writeFile(path.join(dirs.dataRoot, 'note.txt'), 'kept across restarts')
    const reader = await startAndWatch(socket, { graph: readFileGraph('note.txt') })
    const long = await request(first.app).post('/api/runs').send({ graph: chainGraph({ batches: 500, delayMs: 20 }) }).expect(202)
    const waiting = await request(first.app).post('/api/runs').send({ graph: chainGraph({ value: 2 }) }).expect(202)
    socket.close()
    await first.store.flush()
    // Simulate a crash: the records still say running and queued when the next process starts.
    const runsDir = path.join(dirs.dataDir, 'runs')
    const snapshot = async (id: string): Promise<string> => readFile(path.join(runsDir, id, 'record.json'), 'utf8')
    const [longRecord, waitingRecord] = await Promise.all([snapshot(long.body.runId), snapshot(waiting.body.runId)])
    const logSnapshot = async (id: string, record: string): Promise<string> => {
      const logged = (await readFile(path.join(runsDir, id, 'events.jsonl'), 'utf8')).split('\n').filter(Boolean)
      const count = (JSON.parse(record) as RunRecord).eventCount
      return logged.slice(0, count).map((line) => `${line}\n`).join('')
    }
    const [longLog, waitingLog] = await Promise.all([logSnapshot(long.body.runId, longRecord), logSnapshot(waiting.body.runId, waitingRecord)])
    await first.close()
    // a crash leaves no terminal event in the log either (recovery trusts the log over the record)
    await writeFile(path.join(runsDir, long.body.runId, 'record.json'), longRecord.replace(/"status":"[a-z]+"/, '"status":"running"'))
    await writeFile(path.join(runsDir, long.body.runId, 'events.jsonl'), longLog)
    await writeFile(path.join(runsDir, waiting.body.runId, 'record.json'), waitingRecord)
    await writeFile(path.join(runsDir, waiting.body.runId, 'events.jsonl'), waitingLog)

    const second = await startTestServer(dirs)
    try {
      const graphs = (await request(second.app).get('/api/graphs').expect(200)).body.graphs
      expect(graphs.map((g: { name: string }) => g.name)).toContain('kept')
      const runs = (await request(second.app).get('/api/runs').expect(200)).body.runs as RunRecord[]
      expect(runs.map((r) => r.runId)).toEqual([waiting.body.runId, long.body.runId, reader.runId, done.runId])
      const artifact = await request(second.app).get(`/api/runs/${reader.runId}/artifacts/read/copy.txt`).expect(200)
      expect(artifact.text).toBe('kept across restarts')
      const kept = (await request(second.app).get(`/api/runs/${done.runId}`).expect(200)).body
      expect(kept).toMatchObject({ status: 'finished', graphName: 'kept' })
      const events = (await request(second.app).get(`/api/runs/${done.runId}/events`).expect(200)).body.events
      expect(events).toEqual(done.events)
      const cut = (await request(second.app).get(`/api/runs/${long.body.runId}`).expect(200)).body
      expect(cut.status).toBe('failed')
      expect(cut.error.message).toMatch(/server restarted during the run/)
      const never = (await request(second.app).get(`/api/runs/${waiting.body.runId}`).expect(200)).body
      expect(never.status).toBe('failed')
      expect(never.error.message).toMatch(/server restarted before the run started/)
      const cutEvents = (await request(second.app).get(`/api/runs/${long.body.runId}/events`).expect(200)).body.events
      expect(cutEvents.at(-1).type).toBe('run:failed')
    } finally {
      await second.close()
    }
  })
})
