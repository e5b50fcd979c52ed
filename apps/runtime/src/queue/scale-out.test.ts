import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { Redis } from 'ioredis'
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startApiNode, startWorker, stopAll, type TestProcess } from '../../test/queue-cluster'
import { getEvents, getRun, postRun, threeNodeGraph, trainGraph, waitForRun, watchNumbered } from '../../test/queue-watch'
import { NO_REDIS, startRedis, type TestRedis } from '../../test/redis-server'
import { chainGraph, readFileGraph } from '../../test/server-graphs'
import { openSocket } from '../../test/test-server'
import { EVENT_STREAM } from './queue-keys'

/**
 * Real processes: redis-server, two API nodes (`serve --queue`) and three workers (two CPU, one
 * "GPU": `--device cuda:0`, which routing treats as a GPU worker; the stub nodes run on the CPU).
 */
describe.skipIf(NO_REDIS !== undefined)(NO_REDIS ?? 'scale-out over Redis', () => {
  let redis: TestRedis
  let root: string
  let store: string
  let api: TestProcess & { url: string }
  let secondApi: TestProcess & { url: string }
  let workers: TestProcess[] = []
  let gpuWorker: TestProcess
  let socket: Socket

  beforeAll(async () => {
    redis = await startRedis()
    root = await mkdtemp(path.join(os.tmpdir(), 'inspectflow-scale-'))
    store = path.join(root, 'store')
    ;[api, secondApi, gpuWorker, ...workers] = await Promise.all([
      startApiNode(redis.url, path.join(root, 'api-1'), store),
      startApiNode(redis.url, path.join(root, 'api-2'), store),
      startWorker(redis.url, store, ['--device', 'cuda:0', '--data-root', root]),
      startWorker(redis.url, store, ['--data-root', root]),
      startWorker(redis.url, store, ['--data-root', root]),
    ])
    socket = await openSocket(api.url)
  })

  afterAll(async () => {
    socket?.close()
    await stopAll([api, secondApi, gpuWorker, ...workers])
    await redis?.remove()
    if (root) await rm(root, { recursive: true, force: true })
  })

  it('runs a graph on a worker; the socket gets every event once, in order, numbered 1..n', async () => {
    const runId = await postRun(api.url, chainGraph({ batches: 3, delayMs: 20, value: 5 }))
    const seen = await watchNumbered(socket, runId)
    expect(seen.map((s) => s.seq)).toEqual(seen.map((_s, index) => index + 1))
    expect(seen.map((s) => s.event.type)).toEqual(expect.arrayContaining(['run:queued', 'run:started', 'node:finished', 'run:finished']))
    const record = await waitForRun(api.url, runId, (r) => r.status === 'finished')
    expect(record.outputValues).toEqual({ 'slow.value': 10 })
    expect(record.eventCount).toBe(seen.length)
    expect(await getEvents(api.url, runId)).toEqual(seen.map((s) => s.event))
  })

  it('serves the artifacts a worker wrote to the shared store', async () => {
    await writeFile(path.join(root, 'note.txt'), 'written on a worker')
    const runId = await postRun(api.url, readFileGraph(path.join(root, 'note.txt')))
    await waitForRun(api.url, runId, (r) => r.status === 'finished')
    expect(await readdir(path.join(store, 'artifacts', runId, 'read'))).toEqual(['copy.txt'])
    const response = await fetch(`${secondApi.url}/api/runs/${runId}/artifacts/read/copy.txt`)
    expect(await response.text()).toBe('written on a worker')
  })

  it('shows a run started on one API node, with the same numbered events, on the other', async () => {
    const runId = await postRun(api.url, chainGraph({ batches: 2, delayMs: 10, value: 3 }))
    const onFirst = await watchNumbered(socket, runId)
    await waitForRun(secondApi.url, runId, (r) => r.status === 'finished')
    const other = await openSocket(secondApi.url)
    try {
      const replayed = await watchNumbered(other, runId, 0)
      expect(replayed).toEqual(onFirst)
    } finally {
      other.close()
    }
  })

  it('replays from a sequence number: a subscriber that saw events 1..3 gets 4..n and nothing twice', async () => {
    const runId = await postRun(api.url, chainGraph({ batches: 2, delayMs: 10 }))
    const all = await watchNumbered(socket, runId)
    const other = await openSocket(api.url)
    try {
      const rest = await watchNumbered(other, runId, 3)
      expect(rest).toEqual(all.slice(3))
    } finally {
      other.close()
    }
  })

  it('routes GPU work to the GPU worker and makes it wait there while CPU workers are idle', async () => {
    const first = await postRun(api.url, trainGraph(10, 60))
    await waitForRun(api.url, first, (r) => r.status === 'running')
    const second = await postRun(api.url, trainGraph(1, 1))
    // the CPU workers are idle, yet the second GPU run waits for the GPU worker
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect((await getRun(api.url, second)).status).toBe('queued')
    const [a, b] = await Promise.all([
      waitForRun(api.url, first, (r) => r.status === 'finished'),
      waitForRun(api.url, second, (r) => r.status === 'finished'),
    ])
    expect([a.device, b.device]).toEqual(['cuda:0', 'cuda:0'])
    expect(Date.parse(b.startedAt as string)).toBeGreaterThanOrEqual(Date.parse(a.endedAt as string) - 50)
    // CPU work goes to any worker
    const cpuRun = await postRun(api.url, chainGraph({ batches: 1, delayMs: 1 }))
    expect(['cpu', 'cuda:0']).toContain((await waitForRun(api.url, cpuRun, (r) => r.status === 'finished')).device)
  })

  it('tells waiting runs their place in line, on every API node, and moves them up when one leaves', async () => {
    // values of their own, so that no output of another test is in the shared cache
    const blockers = await Promise.all([21, 22, 23].map((value) => postRun(api.url, threeNodeGraph(40, 50, value))))
    await Promise.all(blockers.map((runId) => waitForRun(api.url, runId, (r) => r.status === 'running')))
    const waiting: string[] = []
    for (const value of [24, 25, 26]) waiting.push(await postRun(api.url, threeNodeGraph(1, 1, value)))
    await Promise.all(waiting.map((runId, index) => waitForRun(secondApi.url, runId, (r) => r.status === 'queued' && r.position === index + 1)))
    await fetch(`${secondApi.url}/api/runs/${waiting[0]}/cancel`, { method: 'POST' })
    await waitForRun(api.url, waiting[1] as string, (r) => r.position === 1)
    await waitForRun(api.url, waiting[2] as string, (r) => r.position === 2)
    for (const runId of [...waiting, ...blockers]) await fetch(`${api.url}/api/runs/${runId}/cancel`, { method: 'POST' })
    await Promise.all([...waiting, ...blockers].map((runId) => waitForRun(api.url, runId, (r) => r.status === 'cancelled')))
  })

  it('drops an event that arrives twice: the sequence number says it was applied', async () => {
    const runId = await postRun(api.url, chainGraph({ batches: 1, delayMs: 1 }))
    const seen = await watchNumbered(socket, runId)
    const third = seen[2] as { seq: number; event: unknown }
    const redisClient = new Redis(redis.url)
    try {
      // a worker that published twice after a lost reply, or a stream read again after a reconnect
      await redisClient.xadd(EVENT_STREAM, '*', 'runId', runId, 'seq', String(third.seq), 'event', JSON.stringify(third.event))
      const marker = await postRun(api.url, chainGraph({ batches: 1, delayMs: 1, value: 9 }))
      await waitForRun(api.url, marker, (r) => r.status === 'finished')
    } finally {
      redisClient.disconnect()
    }
    expect(await getEvents(api.url, runId)).toEqual(seen.map((s) => s.event))
    expect((await getRun(secondApi.url, runId)).eventCount).toBe(seen.length)
  })

  it('cancels across machines: a running run stopped from the other API node, a waiting one removed', async () => {
    const running = await postRun(api.url, threeNodeGraph(40, 50))
    await waitForRun(api.url, running, (r) => r.status === 'running')
    // fill the CPU lines so the next run waits
    const blockers = await Promise.all([postRun(api.url, threeNodeGraph(20, 50, 2)), postRun(api.url, threeNodeGraph(20, 50, 3))])
    const waiting = await postRun(api.url, threeNodeGraph(1, 1, 4))
    await waitForRun(secondApi.url, waiting, (r) => r.status === 'queued')
    for (const runId of [waiting, ...blockers, running]) {
      const response = await fetch(`${secondApi.url}/api/runs/${runId}/cancel`, { method: 'POST' })
      expect(response.status).toBe(200)
    }
    const ended = await Promise.all([running, waiting, ...blockers].map((runId) => waitForRun(api.url, runId, (r) => r.status !== 'queued' && r.status !== 'running')))
    expect(ended.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled'])
    expect((await getEvents(api.url, waiting)).some((e) => e.type === 'run:started')).toBe(false)
  })
})
