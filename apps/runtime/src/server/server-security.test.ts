import { mkdir, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'

import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { ServerConfigError, type RunningServer } from './create-server'
import { readFileGraph } from '../../test/server-graphs'
import { makeTestDirs, openSocket, removeTestDirs, startAndWatch, startTestServer, type TestDirs } from '../../test/test-server'

let dirs: TestDirs
let server: RunningServer

beforeAll(async () => {
  dirs = await makeTestDirs()
  await mkdir(dirs.dataRoot, { recursive: true })
  await writeFile(path.join(dirs.dataRoot, 'inside.txt'), 'hello from inside')
  await writeFile(path.join(dirs.root, 'secret.txt'), 'outside the data roots')
  await symlink(path.join(dirs.root, 'secret.txt'), path.join(dirs.dataRoot, 'link-out.txt'))
  server = await startTestServer(dirs)
})

afterAll(async () => {
  await server.close()
  await removeTestDirs(dirs)
})

describe('paths in graphs stay inside the data roots', () => {
  it('reads a file inside a root and serves the artifact it wrote', async () => {
    const socket = await openSocket(server.url)
    const { runId, events } = await startAndWatch(socket, { graph: readFileGraph('inside.txt') })
    socket.close()
    expect(events.at(-1)?.type).toBe('run:finished')
    const list = (await request(server.app).get(`/api/runs/${runId}/artifacts`).expect(200)).body.artifacts
    expect(list).toEqual([{ name: 'read/copy.txt', size: 17, url: `/api/runs/${runId}/artifacts/read/copy.txt` }])
    const file = await request(server.app).get(list[0].url).expect(200)
    expect(file.text).toBe('hello from inside')
    expect(file.headers['content-security-policy']).toBe('sandbox allow-scripts')
  })

  it.each([
    ['a relative path with ..', '../secret.txt'],
    ['an absolute path outside', '/etc/hostname'],
    ['a link inside a root that points outside', 'link-out.txt'],
  ])('refuses %s', async (_label, requested) => {
    const socket = await openSocket(server.url)
    const { runId, events } = await startAndWatch(socket, { graph: readFileGraph(requested) })
    socket.close()
    const end = events.at(-1)
    expect(end).toMatchObject({ type: 'run:failed', nodeId: 'read' })
    expect(end?.type === 'run:failed' && end.message).toMatch(/path: expected a path inside the data roots/)
    expect((await request(server.app).get(`/api/runs/${runId}/artifacts`).expect(200)).body.artifacts).toEqual([])
  })

  it('refuses artifact paths that leave the run folder, by spelling or by link', async () => {
    const socket = await openSocket(server.url)
    const { runId } = await startAndWatch(socket, { graph: readFileGraph('inside.txt') })
    socket.close()
    await symlink(path.join(dirs.root, 'secret.txt'), path.join(server.store.artifactDir(runId), 'planted.txt'))
    const base = `/api/runs/${runId}/artifacts`
    for (const attempt of ['..%2Frecord.json', '%2E%2E/%2E%2E/secret.txt', 'read/..%2F..%2Frecord.json', 'planted.txt', 'nothing.png']) {
      const res = await request(server.app).get(`${base}/${attempt}`)
      expect([400, 404]).toContain(res.status)
      expect(res.text).not.toContain('outside the data roots')
    }
    const listed = (await request(server.app).get(base).expect(200)).body.artifacts.map((a: { name: string }) => a.name)
    expect(listed).toEqual(['read/copy.txt'])
  })
})

describe('binding and tokens', () => {
  it('refuses to bind off loopback without a token', async () => {
    await expect(startTestServer(dirs, { host: '0.0.0.0' })).rejects.toBeInstanceOf(ServerConfigError)
    await expect(startTestServer(dirs, { host: '0.0.0.0' })).rejects.toThrow(/INSPECTFLOW_TOKEN/)
  })

  it('requires the token on every request and socket when bound off loopback', async () => {
    const tokenDirs = await makeTestDirs()
    const open = await startTestServer(tokenDirs, { host: '0.0.0.0', token: 's3cret-token' })
    try {
      const noToken = await request(open.app).get('/api/health').expect(401)
      expect(noToken.body.error.message).toMatch(/no token was sent/)
      await request(open.app).get('/api/health').set('Authorization', 'Bearer wrong').expect(401)
      await request(open.app).get('/').expect(401)
      await request(open.app).get('/api/health').set('Authorization', 'Bearer s3cret-token').expect(200)
      const viaQuery = await request(open.app).get('/api/health?token=s3cret-token').expect(200)
      const cookie = viaQuery.headers['set-cookie']?.[0] ?? ''
      expect(cookie).toMatch(/inspectflow_token=s3cret-token.*HttpOnly.*SameSite=Strict/)
      await request(open.app).get('/api/nodes').set('Cookie', cookie.split(';')[0] ?? '').expect(200)

      await expect(openSocket(open.url)).rejects.toThrow(/unauthorized/)
      await expect(openSocket(open.url, { token: 'wrong' })).rejects.toThrow(/unauthorized/)
      const socket = await openSocket(open.url, { token: 's3cret-token' })
      expect(socket.connected).toBe(true)
      socket.close()
    } finally {
      await open.close()
      await removeTestDirs(tokenDirs)
    }
  })

  it('on loopback, refuses a foreign Host header (DNS rebinding) and a foreign websocket Origin', async () => {
    const rebound = await request(server.app).get('/api/health').set('Host', 'evil.example:80').expect(403)
    expect(rebound.body.error.code).toBe('forbidden_host')
    await request(server.app).get('/api/health').set('Host', 'localhost').expect(200)
    const { io } = await import('socket.io-client')
    const foreign = io(server.url, { transports: ['polling'], extraHeaders: { Origin: 'http://evil.example' }, reconnection: false, forceNew: true })
    const refused = await new Promise<boolean>((resolve) => {
      foreign.once('connect', () => resolve(false))
      foreign.once('connect_error', () => resolve(true))
    })
    foreign.close()
    expect(refused).toBe(true)
    const handshake = '/socket.io/?EIO=4&transport=polling'
    await request(server.http).get(handshake).set('Host', `127.0.0.1:${server.port}`).expect(200)
    await request(server.http).get(handshake).set('Host', 'evil.example').expect(403)
  })
})
