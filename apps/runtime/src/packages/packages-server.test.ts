import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { createEngines, createRegistry } from '@inspectflow/nodes'
import { io as connect } from 'socket.io-client'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { makeInspectionFixture, type InspectionFixture } from '../../test/inspection-package-fixture'
import { makeTestDirs, removeTestDirs, type TestDirs, waitForRecord } from '../../test/test-server'
import { createServer, type RunningServer } from '../server/create-server'
import { INSPECT_SOCKET_PATH } from './inspect-socket'
import { InspectionModel } from './inspection-model'
import { openPackage } from './open-package'

const registry = createRegistry()

function start(dirs: TestDirs, dataDir: string, roots: string[]): Promise<RunningServer> {
  return createServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    graphsDir: path.join(dataDir, 'graphs'),
    templatesDir: dirs.templatesDir,
    dataRoots: roots,
    baseDir: dirs.root,
    registry,
    engines: createEngines({ threads: 1 }),
    editorDir: null,
    logger: { warn: () => {}, error: () => {} },
  })
}

let dirs: TestDirs
let fixture: InspectionFixture
let plantA: RunningServer
let plantB: RunningServer
let packageBytes: Buffer
let testImage: string

beforeAll(async () => {
  dirs = await makeTestDirs()
  fixture = await makeInspectionFixture(path.join(dirs.root, 'fixture'))
  plantA = await start(dirs, path.join(dirs.root, 'plant-a'), [dirs.root])
  // the second plant has a fresh data dir and sees none of the first plant's files
  plantB = await start(dirs, path.join(dirs.root, 'plant-b'), [path.join(dirs.root, 'plant-b')])
  const run = await request(plantA.app).post('/api/runs').send({ graph: fixture.graph, params: fixture.overrides }).expect(202)
  const runId = (run.body as { runId: string }).runId
  await waitForRecord(plantA, runId, (r) => r.status === 'finished' || r.status === 'failed', 60_000)
  const exported = await request(plantA.app).post(`/api/runs/${runId}/export`).send({ name: 'line3' }).expect(201)
  expect((exported.body as { name: string }).name).toBe('line3')
  packageBytes = await readFile(path.join(dirs.root, 'plant-a', 'packages', 'line3.inspect'))
  testImage = path.join(fixture.dataRoot, 'test', 'hole', '000.png')
}, 120_000)

afterAll(async () => {
  await plantA?.close()
  await plantB?.close()
  await removeTestDirs(dirs)
})

describe('packages on the server', () => {
  it('exports a finished run and lists it with its provenance', async () => {
    const list = await request(plantA.app).get('/api/packages').expect(200)
    const [row] = (list.body as { packages: { name: string; provenance: { graphName: string; graphHash: string }; threshold: { value: number } }[] }).packages
    expect(row?.name).toBe('line3')
    expect(row?.provenance.graphName).toBe('tiny inspection')
    expect(row?.provenance.graphHash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('imports the package on a second server with a fresh data dir and inspects an image there', async () => {
    await request(plantB.app).post('/api/packages?name=line3').set('Content-Type', 'application/octet-stream').send(packageBytes).expect(201)
    const image = await readFile(testImage)
    const answer = await request(plantB.app).post('/api/packages/line3/inspect').set('Content-Type', 'image/png').send(image).expect(200)
    const body = answer.body as { score: number; threshold: number; anomalous: boolean; mapUrl: string; ms: number }
    const local = await openPackage(path.join(dirs.root, 'plant-b', 'packages', 'line3.inspect'), { engines: createEngines({ threads: 1 }), weightsStoreDir: dirs.root })
    const [expected] = await (await InspectionModel.load(local.fitted, createEngines({ threads: 1 }))).inspect([testImage])
    expect(body.score).toBeCloseTo(expected?.score as number, 6)
    expect(body.threshold).toBe(local.fitted.threshold.value)
    expect(body.anomalous).toBe(body.score >= body.threshold)
    expect(body.ms).toBeGreaterThan(0)
    const map = await request(plantB.app).get(body.mapUrl).expect(200).expect('Content-Type', 'image/png')
    expect((map.body as Buffer).subarray(1, 4).toString()).toBe('PNG')
  })

  it('answers the camera-loop socket with the same verdict', async () => {
    const socket = connect(plantB.url, { path: INSPECT_SOCKET_PATH, transports: ['websocket'], reconnection: false, forceNew: true })
    try {
      const image = await readFile(testImage)
      const answers = await Promise.all([0, 1, 2].map(() => socket.timeout(30_000).emitWithAck('inspect', { package: 'line3', image })))
      const first = answers[0] as { ok: boolean; score: number }
      expect(first.ok).toBe(true)
      for (const answer of answers) expect((answer as { score: number }).score).toBeCloseTo(first.score, 6)
    } finally {
      socket.close()
    }
  })

  it('refuses other media types (415), oversized images (413) and cross-origin uploads (403)', async () => {
    await request(plantB.app).post('/api/packages/line3/inspect').set('Content-Type', 'text/plain').send('not an image').expect(415)
    await request(plantB.app).post('/api/packages/line3/inspect').set('Content-Type', 'image/png').send(Buffer.alloc(33 * 1024 * 1024)).expect(413)
    await request(plantB.app).post('/api/packages/line3/inspect').set('Content-Type', 'image/png').set('Origin', 'http://evil.example').send(Buffer.from('x')).expect(403)
    await request(plantB.app).post('/api/packages/nope/inspect').set('Content-Type', 'image/png').send(await readFile(testImage)).expect(404)
    const unreadable = await request(plantB.app).post('/api/packages/line3/inspect').set('Content-Type', 'image/png').send(Buffer.from('not a png')).expect(400)
    expect((unreadable.body as { error: { code: string } }).error.code).toBe('unreadable_image')
  })

  it('refuses a tampered upload naming the entry, and stores nothing of it', async () => {
    const tampered = Buffer.from(packageBytes)
    const at = tampered.indexOf('"threshold"', tampered.indexOf('"preprocessing"'))
    tampered.write('"thresholX"', at)
    const refused = await request(plantB.app).post('/api/packages?name=line4').set('Content-Type', 'application/octet-stream').send(tampered).expect(400)
    const error = (refused.body as { error: { code: string; message: string } }).error
    expect(error.code).toBe('package_tampered')
    expect(error.message).toContain('"inspection.json"')
    const list = await request(plantB.app).get('/api/packages').expect(200)
    expect((list.body as { packages: { name: string }[] }).packages.map((p) => p.name)).toEqual(['line3'])
  })
})
