import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type { RunEvent } from '@inspectflow/graph-schema'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { startApiNode, startWorker, stopAll, type TestProcess } from '../../test/queue-cluster'
import { getEvents, postRun, threeNodeGraph, waitForRun } from '../../test/queue-watch'
import { NO_REDIS, startRedis, type TestRedis } from '../../test/redis-server'
import { chainGraph } from '../../test/server-graphs'

const TERMINAL = ['run:finished', 'run:failed', 'run:cancelled']
/** Short locks, so that a killed worker's run moves on within seconds. */
const LOCK = ['--lock-ms', '1500']

function terminalEvents(events: RunEvent[]): RunEvent[] {
  return events.filter((event) => TERMINAL.includes(event.type))
}

/** The two workers, the one that took the run first (its log says so). */
async function runnerFirst(pair: TestProcess[], runId: string): Promise<[TestProcess, TestProcess]> {
  const [a, b] = pair as [TestProcess, TestProcess]
  const pattern = new RegExp(`running run ${runId}`)
  const winner = await Promise.race([a.waitFor(pattern).then(() => a), b.waitFor(pattern).then(() => b)])
  return winner === a ? [a, b] : [b, a]
}

const ended = (r: { status: string }): boolean => TERMINAL.includes(`run:${r.status}`)

/**
 * Faults with real processes: a worker killed with SIGKILL or stopped with SIGTERM mid-run, a worker
 * of another version, Redis killed and restarted from its append-only file. Redis runs with
 * `appendonly yes` and `appendfsync always`.
 */
describe.skipIf(NO_REDIS !== undefined)(NO_REDIS ?? 'scale-out faults', () => {
  let redis: TestRedis
  let root: string
  let store: string
  let api: TestProcess & { url: string }
  let failApi: TestProcess & { url: string }
  let started: TestProcess[] = []

  const worker = async (extra: string[] = [], env: Record<string, string> = {}): Promise<TestProcess> => {
    const process = await startWorker(redis.url, store, [...LOCK, ...extra], env)
    started.push(process)
    return process
  }

  beforeAll(async () => {
    redis = await startRedis({ aof: true })
    root = await mkdtemp(path.join(os.tmpdir(), 'inspectflow-faults-'))
    store = path.join(root, 'store')
    ;[api, failApi] = await Promise.all([
      startApiNode(redis.url, path.join(root, 'api'), store),
      startApiNode(redis.url, path.join(root, 'api-fail'), store, 'fail'),
    ])
  })

  afterEach(async () => {
    await stopAll(started)
    started = []
  })

  afterAll(async () => {
    await stopAll([api, failApi])
    await redis?.remove()
    if (root) await rm(root, { recursive: true, force: true })
  })

  it('kill -9 of a worker mid-run: the lock expires, another worker runs it again, it ends exactly once', async () => {
    const pair = await Promise.all([worker(), worker()])
    const runId = await postRun(api.url, threeNodeGraph(20, 100))
    const [first, second] = await runnerFirst(pair, runId)
    await waitForRun(api.url, runId, (r) => r.nodeStates.first?.state === 'running')
    first.kill('SIGKILL')
    const record = await waitForRun(api.url, runId, ended, 45_000)
    expect(record.status).toBe('finished')
    expect(record.outputValues).toEqual({ 'second.value': 4 })
    const events = await getEvents(api.url, runId)
    expect(terminalEvents(events)).toHaveLength(1)
    expect(events.filter((e) => e.type === 'run:started')).toHaveLength(2)
    expect(second.output()).toContain(`retrying run ${runId}`)
  })

  it('with --on-worker-lost fail, the run of a killed worker fails with the reason instead', async () => {
    const pair = await Promise.all([worker(), worker()])
    // a value of its own: the shared cache must not hold this run's outputs from an earlier test
    const runId = await postRun(failApi.url, threeNodeGraph(20, 100, 11))
    const [first] = await runnerFirst(pair, runId)
    await waitForRun(failApi.url, runId, (r) => r.status === 'running')
    first.kill('SIGKILL')
    const record = await waitForRun(failApi.url, runId, ended, 45_000)
    expect(record.status).toBe('failed')
    expect(record.error?.message).toMatch(/stopped \(its lock expired\).*--on-worker-lost fail/)
    expect(terminalEvents(await getEvents(failApi.url, runId))).toHaveLength(1)
  })

  it('SIGTERM: the worker finishes its current node, requeues the run, and another worker resumes it from the cache', async () => {
    const first = await worker()
    const runId = await postRun(api.url, threeNodeGraph(15, 100, 7))
    await waitForRun(api.url, runId, (r) => r.nodeStates.first?.state === 'running')
    first.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    expect(first.output()).toContain(`run ${runId} stopped after its current node for shutdown; requeued`)
    const afterStop = await waitForRun(api.url, runId, (r) => r.status === 'queued')
    expect(afterStop.nodeStates.first?.state).toBe('finished')
    await worker()
    const record = await waitForRun(api.url, runId, ended, 30_000)
    expect(record.status).toBe('finished')
    expect(record.outputValues).toEqual({ 'second.value': 28 })
    const events = await getEvents(api.url, runId)
    // the node finished before the shutdown came from the shared cache the second time
    const resumed = events.slice(events.findLastIndex((e) => e.type === 'run:started'))
    const nodesOf = (type: string): string[] => resumed.filter((e) => e.type === type).map((e) => (e as { nodeId: string }).nodeId)
    expect(nodesOf('node:cached')).toEqual(['first'])
    expect(nodesOf('node:started')).toEqual(['second'])
    expect(terminalEvents(events)).toHaveLength(1)
  })

  it('a worker of another InspectFlow version refuses runs with a clear log line; a matching one runs them', async () => {
    const stranger = await worker([], { INSPECTFLOW_VERSION_OVERRIDE: '9.9.9' })
    const runId = await postRun(api.url, chainGraph({ batches: 1, delayMs: 1 }))
    await stranger.waitFor(/refusing run \S+: it was queued by InspectFlow 0\.1\.0 and this worker runs 9\.9\.9/)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect((await waitForRun(api.url, runId, () => true)).status).toBe('queued')
    await worker()
    expect((await waitForRun(api.url, runId, ended)).status).toBe('finished')
  })

  it('Redis killed and restarted with its append-only file: no queued run is lost', async () => {
    const runIds = await Promise.all([1, 2, 3, 4, 5].map((value) => postRun(api.url, chainGraph({ batches: 1, delayMs: 1, value }))))
    for (const runId of runIds) await waitForRun(api.url, runId, (r) => r.status === 'queued' && r.eventCount >= 1)
    await redis.stop(true)
    await redis.restart()
    await worker()
    const records = await Promise.all(runIds.map((runId) => waitForRun(api.url, runId, ended, 45_000)))
    expect(records.map((r) => r.status)).toEqual(['finished', 'finished', 'finished', 'finished', 'finished'])
    expect(records.map((r) => r.outputValues)).toEqual([1, 2, 3, 4, 5].map((value) => ({ 'slow.value': value * 2 })))
  })
})
