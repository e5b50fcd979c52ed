import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { RunningServer } from '../create-server'
import { chainGraph } from '../../../test/server-graphs'
import { makeTestDirs, openSocket, removeTestDirs, startTestServer, type TestDirs } from '../../../test/test-server'
import { errorCode, rawRequest } from './raw-http'

// Probes of issue 14 items 2-4: a page on another origin (another port or scheme of the same host
// included) must not start, cancel or read runs, with or without the editor's token cookie.

let dirs: TestDirs
let server: RunningServer
let tokenDirs: TestDirs
let tokenServer: RunningServer
const TOKEN = 'probe-token-1234'

beforeAll(async () => {
  dirs = await makeTestDirs()
  server = await startTestServer(dirs)
  tokenDirs = await makeTestDirs()
  tokenServer = await startTestServer(tokenDirs, { token: TOKEN })
})

afterAll(async () => {
  await server.close()
  await tokenServer.close()
  await removeTestDirs(dirs)
  await removeTestDirs(tokenDirs)
})

async function startSlowRun(target: RunningServer, headers: Record<string, string> = {}): Promise<string> {
  const body = JSON.stringify({ graph: chainGraph({ batches: 200, delayMs: 20 }) })
  const started = await rawRequest(`${target.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
  expect(started.status).toBe(202)
  return (started.json as { runId: string }).runId
}

function handshakeRefused(url: string, headers: Record<string, string>): Promise<boolean> {
  return rawRequest(`${url}/socket.io/?EIO=4&transport=polling`, { headers }).then((res) => res.status !== 200)
}

describe('state-changing requests from another origin', () => {
  it('refuses a text/plain cancel from a foreign page, and the run keeps running', async () => {
    const runId = await startSlowRun(server)
    const refused = await rawRequest(`${server.url}/api/runs/${runId}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'http://evil.example' },
      body: '{}',
    })
    expect(refused.status).toBe(403)
    expect(errorCode(refused)).toBe('forbidden_origin')
    expect(server.runs.get(runId).status).not.toBe('cancelled')
    const sameOrigin = await rawRequest(`${server.url}/api/runs/${runId}/cancel`, { method: 'POST', headers: { origin: server.url } })
    expect(sameOrigin.status).toBe(200)
  })

  it('refuses a non-JSON body even without an Origin (a form post from a browser that omits it)', async () => {
    const res = await rawRequest(`${server.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"graphName":"x"}' })
    expect(res.status).toBe(415)
    expect((res.json as { error: { message: string } }).error.message).toMatch(/expected Content-Type application\/json, found text\/plain/)
  })

  it.each([
    ['another port of the same host', (url: string) => url.replace(/:(\d+)$/, (_m, port: string) => `:${Number(port) + 1}`)],
    ['https on the same host and port', (url: string) => url.replace('http:', 'https:')],
  ])('refuses a run started from %s', async (_label, foreign) => {
    const res = await rawRequest(`${server.url}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: foreign(server.url) },
      body: JSON.stringify({ graph: chainGraph() }),
    })
    expect(res.status).toBe(403)
  })

  it('refuses a request a browser marks as coming from another site of the same host', async () => {
    const res = await rawRequest(`${server.url}/api/graphs/x`, { method: 'DELETE', headers: { 'sec-fetch-site': 'same-site' } })
    expect(res.status).toBe(403)
  })
})

describe('websocket handshakes from another origin', () => {
  it('refuses pages on another port or scheme of the same host, and accepts the served origin', async () => {
    const port = Number(new URL(server.url).port)
    expect(await handshakeRefused(server.url, { origin: `http://127.0.0.1:${port + 1}` })).toBe(true)
    expect(await handshakeRefused(server.url, { origin: `https://127.0.0.1:${port}` })).toBe(true)
    expect(await handshakeRefused(server.url, { origin: 'null' })).toBe(true)
    expect(await handshakeRefused(server.url, { origin: server.url })).toBe(false)
  })
})

describe('the token cookie', () => {
  it('is not honoured for a page on another port, though SameSite=Strict sends it there', async () => {
    const cookie = `inspectflow_token=${TOKEN}`
    const port = Number(new URL(tokenServer.url).port)
    const foreign = await rawRequest(`${tokenServer.url}/api/runs`, { headers: { cookie, origin: `http://127.0.0.1:${port + 1}` } })
    expect(foreign.status).toBe(401)
    const foreignImage = await rawRequest(`${tokenServer.url}/api/runs`, { headers: { cookie, 'sec-fetch-site': 'same-site' } })
    expect(foreignImage.status).toBe(401)
    expect(await handshakeRefused(tokenServer.url, { cookie, origin: `http://127.0.0.1:${port + 1}` })).toBe(true)
    const own = await rawRequest(`${tokenServer.url}/api/runs`, { headers: { cookie, 'sec-fetch-site': 'same-origin' } })
    expect(own.status).toBe(200)
  })

  it('answers 401 for a malformed cookie, on a request and on a socket handshake', async () => {
    const cookie = 'inspectflow_token=%E0%A4%A'
    const res = await rawRequest(`${tokenServer.url}/api/health`, { headers: { cookie } })
    expect(res.status).toBe(401)
    expect((res.json as { error: { message: string } }).error.message).toMatch(/not valid percent-encoding/)
    const rejections: unknown[] = []
    const onRejection = (reason: unknown): void => void rejections.push(reason)
    process.on('unhandledRejection', onRejection)
    try {
      await expect(openSocket(tokenServer.url, {}, { cookie })).rejects.toThrow(/unauthorized/)
      await new Promise((resolve) => setTimeout(resolve, 50))
    } finally {
      process.off('unhandledRejection', onRejection)
    }
    expect(rejections).toEqual([])
  })
})
