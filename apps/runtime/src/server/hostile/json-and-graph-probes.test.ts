import { readFile, stat, utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { RunningServer } from '../create-server'
import { chainGraph } from '../../../test/server-graphs'
import { makeTestDirs, openSocket, removeTestDirs, startTestServer, type TestDirs } from '../../../test/test-server'
import { errorCode, nestedObject, rawRequest } from './raw-http'

// Probes of issue 14 items 5 and 6 (graph saves): deep and huge JSON is refused at parse time, graphs
// are saved compact, listing does not re-read unchanged files, and create-only saves are atomic.

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

function putGraph(name: string, body: string, query = ''): ReturnType<typeof rawRequest> {
  return rawRequest(`${server.url}/api/graphs/${name}${query}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body })
}

function withUi(ui: string): string {
  return JSON.stringify(chainGraph()).replace(/}$/, `,"ui":${ui}}`)
}

describe('JSON shape limits', () => {
  it.each([4_000, 5_000, 65])('refuses a graph whose ui nests %i levels deep with a 400, and saves nothing', async (depth) => {
    const res = await putGraph(`deep-${depth}`, withUi(nestedObject(depth)))
    expect(res.status).toBe(400)
    expect(errorCode(res)).toBe('json_too_deep')
    expect((res.json as { error: { message: string } }).error.message).toMatch(/deeper than 64 levels/)
    await expect(stat(path.join(dirs.graphsDir, `deep-${depth}.json`))).rejects.toThrow()
  })

  it('accepts a graph nested within the limit', async () => {
    const res = await putGraph('deep-ok', withUi(nestedObject(50)))
    expect(res.status).toBe(201)
  })

  it('refuses a 1.9 MB node type at parse time, before any did-you-mean runs', async () => {
    const graph = chainGraph()
    ;(graph.nodes[0] as { type: string }).type = 'x'.repeat(1_900_000)
    const started = performance.now()
    const res = await rawRequest(`${server.url}/api/graphs/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(graph) })
    expect(res.status).toBe(400)
    expect(errorCode(res)).toBe('json_string_too_long')
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('refuses a deep socket start message with the same problem', async () => {
    const socket = await openSocket(server.url)
    try {
      const deep = JSON.parse(nestedObject(2_000)) as unknown
      const ack = await socket.timeout(5000).emitWithAck('start', { graph: chainGraph(), params: { start: deep } })
      expect(ack).toMatchObject({ ok: false, error: { code: 'json_too_deep' } })
    } finally {
      socket.close()
    }
  })
})

describe('saved graphs', () => {
  it('are stored compact, not pretty-printed', async () => {
    const body = withUi(nestedObject(60))
    expect((await putGraph('compact', body)).status).toBe(201)
    const saved = await readFile(path.join(dirs.graphsDir, 'compact.json'), 'utf8')
    expect(saved.length).toBeLessThanOrEqual(body.length + 1)
  })

  it('are listed from an index: an unchanged file is not parsed again, a changed one is', async () => {
    expect((await putGraph('indexed', JSON.stringify(chainGraph({ name: 'First title' })))).status).toBe(201)
    const file = path.join(dirs.graphsDir, 'indexed.json')
    const list = async (): Promise<string | undefined> => {
      const res = await rawRequest(`${server.url}/api/graphs`)
      return (res.json as { graphs: { name: string; title: string }[] }).graphs.find((g) => g.name === 'indexed')?.title
    }
    expect(await list()).toBe('First title')
    const before = await stat(file)
    const text = await readFile(file, 'utf8')
    // same size and mtime: the index keeps the row it read
    await writeFile(file, text.replace('First title', 'Other title'))
    await utimes(file, before.atime, before.mtime)
    expect(await list()).toBe('First title')
    await utimes(file, before.atime, new Date(before.mtimeMs + 5_000))
    expect(await list()).toBe('Other title')
  })

  it('lets exactly one of ten concurrent create-only saves of one name succeed', async () => {
    const body = JSON.stringify(chainGraph())
    const answers = await Promise.all(Array.from({ length: 10 }, () => putGraph('race', body, '?overwrite=false')))
    const statuses = answers.map((a) => a.status).sort()
    expect(statuses).toEqual([201, ...Array<number>(9).fill(409)])
  })
})
