import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { readWeightsIndex } from '@inspectflow/nodes'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { partFileOf, PullError, pullWeights } from './pull-weights'
import { startWeightsServer, type WeightsServer } from '../../test/weights-server'
import { tinyResnet18Bytes } from '../../test/tiny-weights'

const body = tinyResnet18Bytes()
const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')
const sha256 = sha256Of(body)
let server: WeightsServer
let store = ''

beforeAll(async () => {
  server = await startWeightsServer(body)
})
afterAll(async () => {
  await server.close()
})
beforeEach(async () => {
  store = await mkdtemp(path.join(os.tmpdir(), 'if-weights-pull-'))
  server.ranges = []
  server.cutAfter = undefined
  server.failWith = undefined
  server.ignoreRange = undefined
})
afterEach(async () => {
  await rm(store, { recursive: true, force: true })
})

const pull = (overrides: Partial<Parameters<typeof pullWeights>[0]> = {}) =>
  pullWeights({ name: 'resnet18', arch: 'resnet18', url: server.url, storeDir: store, ...overrides })

describe('weights pull', () => {
  it('downloads, checks and stores the file under its name with the source URL and sha256', async () => {
    const seen: number[] = []
    const entry = await pull({ sha256, onProgress: (bytes) => seen.push(bytes) })
    expect(entry).toMatchObject({ name: 'resnet18', arch: 'resnet18', sha256, source: server.url, bytes: body.length, deepestStage: 'layer3' })
    expect(sha256Of(await readFile(path.join(store, 'resnet18.safetensors')))).toBe(sha256)
    expect(await readWeightsIndex(store)).toEqual([entry])
    expect(seen.at(-1)).toBe(body.length)
    expect((await readdir(store)).sort()).toEqual(['index.json', 'resnet18.safetensors'])
    expect(server.ranges).toEqual([undefined])
  })

  it('a connection closed mid-body fails, stores nothing and keeps a .part; the next pull resumes it with Range', async () => {
    server.cutAfter = 3_000_000
    const failed = pull({ sha256 })
    await expect(failed).rejects.toThrow(PullError)
    await expect(failed).rejects.toThrow(/after \d+ of \d+ bytes.*run the same command again to resume.*inspectflow weights add resnet18/)
    expect(await readWeightsIndex(store)).toEqual([])
    expect(existsSync(path.join(store, 'resnet18.safetensors'))).toBe(false)
    // the client keeps what reached it before the socket closed (all 3 MB here; never more)
    const kept = (await stat(partFileOf(store, 'resnet18'))).size
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThanOrEqual(3_000_000)

    server.cutAfter = undefined
    const entry = await pull({ sha256 })
    expect(server.ranges).toEqual([undefined, `bytes=${kept}-`])
    expect(entry.sha256).toBe(sha256)
    expect(sha256Of(await readFile(path.join(store, 'resnet18.safetensors')))).toBe(sha256)
    expect(existsSync(partFileOf(store, 'resnet18'))).toBe(false)
  })

  it('a complete .part (a try that stopped after the download) is checked and stored without fetching it again', async () => {
    await writeFile(partFileOf(store, 'resnet18'), body)
    const entry = await pull({ sha256 })
    expect(server.ranges).toEqual([`bytes=${body.length}-`])
    expect(entry.sha256).toBe(sha256)
  })

  it('a .part longer than the file (the file changed on the server) is downloaded again from the start', async () => {
    await writeFile(partFileOf(store, 'resnet18'), Buffer.concat([body, Buffer.from('tail')]))
    const entry = await pull({ sha256 })
    expect(server.ranges).toEqual([`bytes=${body.length + 4}-`, undefined])
    expect(entry.sha256).toBe(sha256)
  })

  it('a server without range support (200 to a Range request) restarts the file instead of appending', async () => {
    await writeFile(partFileOf(store, 'resnet18'), 'stale bytes')
    server.ignoreRange = true
    const entry = await pull({ sha256 })
    expect(server.ranges).toEqual(['bytes=11-'])
    expect(entry.sha256).toBe(sha256)
  })

  it('a second pull of the same name while one runs is refused; the first completes', async () => {
    // the second pull starts while the first is downloading, so the first surely holds the lock; its
    // outcome is settled at once so that its refusal is never an unhandled rejection
    let second: Promise<PromiseSettledResult<unknown>> | undefined
    const first = await pull({ sha256, onProgress: () => void (second ??= Promise.allSettled([pull({ sha256 })]).then(([result]) => result as PromiseSettledResult<unknown>)) })
    expect(first.sha256).toBe(sha256)
    const refused = await second
    expect(refused?.status === 'rejected' && String(refused.reason)).toMatch(/another "inspectflow weights pull resnet18" is running \(process \d+\)/)
    expect((await readdir(store)).sort()).toEqual(['index.json', 'resnet18.safetensors'])
  })

  it('refuses a file with a wrong tensor shape, naming the tensor, and deletes the download', async () => {
    const bad = tinyResnet18Bytes('bad', (weights) => {
      weights['layer3.0.conv2.weight'] = { dtype: 'float32', shape: [256, 128, 3, 3], data: new Float32Array(256 * 128 * 9) }
    })
    const badServer = await startWeightsServer(bad)
    try {
      await expect(pull({ url: badServer.url })).rejects.toThrow(/layer3\.0\.conv2\.weight has shape \[256, 128, 3, 3\], expected \[256, 256, 3, 3\]/)
    } finally {
      await badServer.close()
    }
    expect(await readdir(store)).toEqual([])
  })

  it('refuses a file whose sha256 is not the pinned one', async () => {
    await expect(pull({ sha256: '0'.repeat(64) })).rejects.toThrow(/has sha256 [0-9a-f]{64}, expected 0{64}/)
    expect(await readdir(store)).toEqual([])
  })

  it('fails at once when the server cannot be reached, saying how to add a file instead', async () => {
    const down = await startWeightsServer(body)
    const url = down.url
    await down.close()
    const started = Date.now()
    await expect(pull({ url })).rejects.toThrow(/cannot reach 127\.0\.0\.1:\d+: .*ECONNREFUSED.*inspectflow weights add resnet18 \/path\/to\/file\.safetensors/)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(await readWeightsIndex(store)).toEqual([])
  })

  it('reports an HTTP error status with the URL', async () => {
    server.failWith = 404
    await expect(pull()).rejects.toThrow(new RegExp(`HTTP 404 Not Found from ${server.url.replace(/[.]/g, '\\.')}`))
  })
})
