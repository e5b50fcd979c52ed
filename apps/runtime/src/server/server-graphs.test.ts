import { mkdir, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { RunningServer } from './create-server'
import { chainGraph } from '../../test/server-graphs'
import { makeTestDirs, removeTestDirs, startTestServer, type TestDirs } from '../../test/test-server'

let dirs: TestDirs
let server: RunningServer

beforeAll(async () => {
  dirs = await makeTestDirs()
  await mkdir(dirs.templatesDir, { recursive: true })
  await writeFile(path.join(dirs.templatesDir, 'starter.json'), JSON.stringify(chainGraph({ name: 'Starter pipeline' })))
  server = await startTestServer(dirs, { limits: { maxBodyBytes: 20_000, maxGraphNodes: 10 } })
})

afterAll(async () => {
  await server.close()
  await removeTestDirs(dirs)
})

/** A graph with one problem per node: an unknown type, a bad param, a missing required input. */
function brokenGraph(): object {
  return {
    schemaVersion: 1,
    name: 'broken',
    nodes: [
      { id: 'ghost', type: 'test.nope', typeVersion: 1, params: {} },
      { id: 'src', type: 'test.source', typeVersion: 1, params: { value: 'not a number' } },
      { id: 'slow', type: 'test.slow', typeVersion: 1, params: {} },
    ],
    edges: [],
  }
}

describe('graph routes', () => {
  it('lists templates and user graphs, and gets each by name', async () => {
    await request(server.app).put('/api/graphs/mine').send(chainGraph({ name: 'My chain' })).expect(201)
    const list = (await request(server.app).get('/api/graphs').expect(200)).body.graphs
    expect(list.map((g: { name: string; template: boolean; title: string }) => [g.name, g.template, g.title])).toEqual([
      ['starter', true, 'Starter pipeline'],
      ['mine', false, 'My chain'],
    ])
    expect((await request(server.app).get('/api/graphs/starter').expect(200)).body.name).toBe('Starter pipeline')
    expect((await request(server.app).get('/api/graphs/mine').expect(200)).body.nodes).toHaveLength(2)
  })

  it('saves atomically, answers 409 on a name conflict without overwrite, and overwrites by default', async () => {
    await request(server.app).put('/api/graphs/twice').send(chainGraph()).expect(201)
    const conflict = await request(server.app).put('/api/graphs/twice?overwrite=false').send(chainGraph()).expect(409)
    expect(conflict.body.error).toMatchObject({ code: 'conflict' })
    expect(conflict.body.error.message).toMatch(/already exists/)
    await request(server.app).put('/api/graphs/twice').send(chainGraph({ value: 9 })).expect(200)
    const files = await readdir(dirs.graphsDir)
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([])
    expect((await request(server.app).get('/api/graphs/twice').expect(200)).body.params.start.default).toBe(9)
  })

  it('keeps templates read-only (409) and deletes user graphs (204, then 404)', async () => {
    const save = await request(server.app).put('/api/graphs/starter').send(chainGraph()).expect(409)
    expect(save.body.error.code).toBe('template_read_only')
    await request(server.app).delete('/api/graphs/starter').expect(409)
    await request(server.app).put('/api/graphs/gone').send(chainGraph()).expect(201)
    await request(server.app).delete('/api/graphs/gone').expect(204)
    await request(server.app).get('/api/graphs/gone').expect(404)
    const missing = await request(server.app).delete('/api/graphs/gone').expect(404)
    expect(missing.body.error.message).toMatch(/no graph named "gone"/)
  })

  it('refuses names that could leave the graphs folder', async () => {
    for (const name of ['..', '.hidden', '..%2F..%2Fescape', 'a%2Fb']) {
      const res = await request(server.app).put(`/api/graphs/${name}`).send(chainGraph())
      expect([400, 404]).toContain(res.status)
      expect(res.body.error).toBeDefined()
    }
    expect(await readdir(dirs.root)).not.toContain('escape.json')
  })

  it('validates without saving and saves invalid graphs with their problems listed', async () => {
    const ok = (await request(server.app).post('/api/graphs/validate').send(chainGraph()).expect(200)).body
    expect(ok).toEqual({ ok: true, problems: [], graph: chainGraph() })
    const bad = (await request(server.app).post('/api/graphs/validate').send(brokenGraph()).expect(200)).body
    expect(bad.ok).toBe(false)
    expect(new Set(bad.problems.map((p: { nodeId: string }) => p.nodeId))).toEqual(new Set(['ghost', 'src', 'slow']))
    const saved = (await request(server.app).put('/api/graphs/work-in-progress').send(brokenGraph()).expect(201)).body
    expect(saved.problems.length).toBe(bad.problems.length)
  })

  it('validates an older schemaVersion and answers with the graph migrated to the current one', async () => {
    const current = chainGraph()
    const v0 = {
      schemaVersion: 0,
      name: current.name,
      params: current.params,
      nodes: current.nodes.map(({ typeVersion: _v, ...node }) => node),
      connections: [{ source: 'src', sourcePort: 'value', target: 'slow', targetPort: 'value' }],
    }
    const answer = (await request(server.app).post('/api/graphs/validate').send(v0).expect(200)).body
    expect(answer).toEqual({ ok: true, problems: [], graph: current })
  })

  it('answers 400 with every per-node problem when starting an invalid graph, and runs nothing', async () => {
    const before = (await request(server.app).get('/api/runs').expect(200)).body.runs.length
    const res = await request(server.app).post('/api/runs').send({ graph: brokenGraph() }).expect(400)
    expect(res.body.error.code).toBe('invalid_graph')
    const problems = res.body.error.problems as { nodeId?: string; code: string; path: string; message: string }[]
    expect(problems.find((p) => p.nodeId === 'ghost')?.code).toBe('unknown_node_type')
    expect(problems.find((p) => p.nodeId === 'src')?.code).toBe('param_invalid')
    expect(problems.find((p) => p.nodeId === 'slow')?.code).toBe('required_input_missing')
    expect(problems.every((p) => p.message.length > 0 && typeof p.path === 'string')).toBe(true)
    const badTarget = await request(server.app).post('/api/runs').send({ graph: chainGraph(), targets: ['nowhere.value'] }).expect(400)
    expect(badTarget.body.error.problems.length).toBeGreaterThan(0)
    const badParam = await request(server.app).post('/api/runs').send({ graph: chainGraph(), params: { start: 'abc' } }).expect(400)
    expect(badParam.body.error.problems.length).toBeGreaterThan(0)
    expect((await request(server.app).get('/api/runs').expect(200)).body.runs.length).toBe(before)
  })

  it('answers 404 for unknown names, 400 for malformed requests, 413 for oversized ones', async () => {
    const unknown = await request(server.app).post('/api/runs').send({ graphName: 'nothing-here' }).expect(404)
    expect(unknown.body.error.message).toMatch(/no graph named "nothing-here"/)
    const both = await request(server.app).post('/api/runs').send({ graphName: 'mine', graph: chainGraph() }).expect(400)
    expect(both.body.error.message).toMatch(/exactly one of/)
    const malformed = await request(server.app).post('/api/runs').set('content-type', 'application/json').send('{"graph": ').expect(400)
    expect(malformed.body.error.code).toBe('invalid_json')
    const huge = await request(server.app).post('/api/graphs/validate').send({ ...chainGraph(), description: 'x'.repeat(30_000) }).expect(413)
    expect(huge.body.error.code).toBe('too_large')
    const many = { ...chainGraph(), nodes: Array.from({ length: 11 }, (_, i) => ({ id: `n${i}`, type: 'test.source', typeVersion: 1 })) }
    const tooMany = await request(server.app).put('/api/graphs/many').send(many).expect(413)
    expect(tooMany.body.error.message).toMatch(/11 nodes.*limits are 10 nodes/)
    const route = await request(server.app).get('/api/nope').expect(404)
    expect(route.body.error.message).toMatch(/no API route GET \/api\/nope/)
  })

  it('serves health and the node catalog with JSON Schemas', async () => {
    const health = (await request(server.app).get('/api/health').expect(200)).body
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(health.engines.onnx).toHaveProperty('provider')
    expect(health.engines.tfjs).toHaveProperty('backend')
    expect(health.device).toBe('cpu')
    expect(health.queue).toEqual({ running: 0, waiting: 0 })
    const catalog = (await request(server.app).get('/api/nodes').expect(200)).body
    const slow = catalog.nodes.find((n: { type: string }) => n.type === 'test.slow')
    expect(slow.params.properties.batches).toMatchObject({ type: 'integer', default: 3 })
    expect(catalog.sockets.Number.color).toMatch(/^#/)
  })
})
