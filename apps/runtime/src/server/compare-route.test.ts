import { readFile } from 'node:fs/promises'

import { createRegistry } from '@inspectflow/nodes'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { makeTestDirs, removeTestDirs, startTestServer, type TestDirs, waitForRecord } from '../../test/test-server'
import { writeTinySweepGraph } from '../../test/tiny-sweep-graph'
import type { CompareReport } from '@inspectflow/graph-schema'
import type { RunningServer } from './create-server'

let dirs: TestDirs
let server: RunningServer
let graph: unknown

beforeAll(async () => {
  dirs = await makeTestDirs()
  server = await startTestServer(dirs, { registry: createRegistry() })
  graph = JSON.parse(await readFile(await writeTinySweepGraph(dirs.dataRoot), 'utf8'))
})

afterAll(async () => {
  await server.close()
  await removeTestDirs(dirs)
})

async function finishedRun(params: Record<string, unknown>): Promise<string> {
  const res = await request(server.app).post('/api/runs').send({ graph, params }).expect(202)
  const runId = res.body.runId as string
  await waitForRecord(server, runId, (record) => record.status === 'finished', 60_000)
  return runId
}

describe('GET /api/compare', () => {
  it('compares ended runs of the history as a sweep does: params, metrics, phase times, ROC, best marks', async () => {
    const first = await finishedRun({ k: 1 })
    const second = await finishedRun({ k: 5 })
    const res = await request(server.app).get(`/api/compare?runs=${first},${second}`).expect(200)
    const report = res.body as CompareReport
    expect(report.format).toBe('inspectflow-compare')
    expect(report.runs.map((run) => [run.id, run.params])).toEqual([
      [first, { k: 1 }],
      [second, { k: 5 }],
    ])
    for (const run of report.runs) {
      expect(run.status).toBe('finished')
      expect(run.imageAuroc).toBeGreaterThanOrEqual(0)
      expect(run.aupro).toBeGreaterThanOrEqual(0)
      expect(run.roc?.fpr.length).toBeGreaterThan(1)
    }
    // the server's cache served the second run's features and bank
    expect(report.runs[0]?.fitCached).toBe(false)
    expect(report.runs[0]?.fitMs).toBeGreaterThan(0)
    expect(report.runs[1]?.fitCached).toBe(true)
    expect(report.runs[1]?.executed).toContain('score')
    const best = Math.max(...report.runs.map((run) => run.pixelAuroc as number))
    const bestRuns = report.runs.filter((run) => run.pixelAuroc === best).map((run) => run.id)
    expect(report.best.pixelAuroc).toEqual(bestRuns.length === report.runs.length ? undefined : bestRuns)
  }, 120_000)

  it('refuses fewer than two runs and names an unknown one', async () => {
    const one = await request(server.app).get('/api/compare?runs=abcdef1').expect(400)
    expect(one.body.error.message).toContain('expected 2 to 50 comma-separated run ids, received 1')
    const unknown = await request(server.app).get('/api/compare?runs=abcdef1,abcdef2').expect(404)
    expect(unknown.body.error.message).toContain('no run "abcdef1"')
  })
})
