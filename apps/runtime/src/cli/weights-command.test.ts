import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { createRegistry, encodeSafetensors, decodeSafetensors } from '@inspectflow/nodes'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { startWeightsServer, type WeightsServer } from '../../test/weights-server'
import { tinyResnet18Bytes } from '../../test/tiny-weights'
import type { CliIo } from './cli-io'
import { main } from './main'

const body = tinyResnet18Bytes('cli-weights')
let server: WeightsServer
let dir = ''
let store = ''
const savedEnv = process.env.INSPECTFLOW_WEIGHTS

beforeAll(async () => {
  server = await startWeightsServer(body)
})
afterAll(async () => {
  await server.close()
})
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'if-weights-cli-'))
  store = path.join(dir, 'store')
  // backbone.pretrained reads the store of the process it runs in, as the real CLI does
  process.env.INSPECTFLOW_WEIGHTS = store
})
afterEach(async () => {
  if (savedEnv === undefined) delete process.env.INSPECTFLOW_WEIGHTS
  else process.env.INSPECTFLOW_WEIGHTS = savedEnv
  await rm(dir, { recursive: true, force: true })
})

function fakeIo(): CliIo & { out: string[]; err: string[] } {
  const io: CliIo & { out: string[]; err: string[] } = {
    out: [],
    err: [],
    stdout: { write: (text: string) => io.out.push(text), isTTY: false, columns: 100 },
    stderr: { write: (text: string) => io.err.push(text) },
    registry: createRegistry(),
    cwd: dir,
    env: { INSPECTFLOW_WEIGHTS: store },
    onInterrupt: () => () => undefined,
  }
  return io
}

/** A graph whose only node is backbone.pretrained, with weightsPath fed by the graph param `weights`. */
async function backboneGraph(weights: string): Promise<string> {
  const graph = {
    schemaVersion: 1,
    name: 'backbone from the store',
    params: { weights: { type: 'string', default: weights, description: 'store name or file' } },
    nodes: [{ id: 'backbone', type: 'backbone.pretrained', typeVersion: 1, params: { model: 'resnet18-imagenet', weightsPath: '${params.weights}' } }],
    edges: [],
    outputs: ['backbone.backbone'],
  }
  await writeFile(path.join(dir, 'graph.json'), JSON.stringify(graph))
  return 'graph.json'
}

describe('inspectflow weights', () => {
  it('pull from a local server, then a graph with an empty weightsPath loads resnet18 from the store', async () => {
    const pull = fakeIo()
    expect(await main(['weights', 'pull', 'resnet18', '--url', server.url], pull)).toBe(0)
    const printed = pull.out.join('')
    expect(printed).toContain(`downloading resnet18 from ${server.url}`)
    expect(printed).toMatch(/resnet18 100% 11\.1\/11\.1 MB\n/)
    expect(printed).toMatch(/stored resnet18 \(resnet18, conv1\.\.layer3, 11\.1 MB, sha256 [0-9a-f]{16}\.\.\.\)/)

    const list = fakeIo()
    expect(await main(['weights', 'list', '--json'], list)).toBe(0)
    const listed = JSON.parse(list.out.join('')) as { store: string; entries: { name: string; arch: string; source: string }[] }
    expect(listed.store).toBe(store)
    expect(listed.entries).toMatchObject([{ name: 'resnet18', arch: 'resnet18', source: server.url }])

    const run = fakeIo()
    const code = await main(['run', await backboneGraph(''), '--threads', '1'], run)
    expect(run.err.join('')).toBe('')
    expect(code).toBe(0)
    expect(run.out.join('')).toContain('torchvision ResNet18 IMAGENET1K_V1 from resnet18.safetensors (BatchNorm folded, conv1..layer3)')
  })

  it('a graph that names the store entry in its weights param runs; a missing one is reported as the graph param', async () => {
    const stored = fakeIo()
    expect(await main(['weights', 'pull', 'resnet18', '--url', server.url], stored)).toBe(0)
    expect(await main(['run', await backboneGraph('resnet18'), '--threads', '1'], fakeIo())).toBe(0)

    const missing = fakeIo()
    expect(await main(['run', await backboneGraph('resnet18-line2'), '--threads', '1'], missing)).toBe(1)
    const message = missing.err.join('') + missing.out.join('')
    expect(message).toContain('weightsPath (set by graph param "weights")')
    expect(message).toContain('"resnet18-line2", which is neither in the weights store')
    expect(message).toContain('inspectflow weights add resnet18-line2')
  })

  it('with an empty store, an empty weightsPath says how to fill it', async () => {
    const run = fakeIo()
    expect(await main(['run', await backboneGraph(''), '--threads', '1'], run)).toBe(1)
    const message = run.err.join('') + run.out.join('')
    expect(message).toContain('weightsPath (set by graph param "weights")')
    expect(message).toContain('inspectflow weights pull resnet18')
  })

  it('add stores a checked file and refuses one with a wrong shape, naming the tensor', async () => {
    await writeFile(path.join(dir, 'mine.safetensors'), body)
    const add = fakeIo()
    expect(await main(['weights', 'add', 'resnet18', 'mine.safetensors'], add)).toBe(0)
    expect(add.out.join('')).toMatch(/^stored resnet18 \(resnet18, conv1\.\.layer3/)

    const tensors = decodeSafetensors(body).tensors
    tensors['conv1.weight'] = { dtype: 'float32', shape: [64, 3, 3, 3], data: new Float32Array(64 * 27) }
    await writeFile(path.join(dir, 'bad.safetensors'), encodeSafetensors(tensors))
    const bad = fakeIo()
    expect(await main(['weights', 'add', 'line-3', 'bad.safetensors', '--arch', 'resnet18'], bad)).toBe(1)
    expect(bad.err.join('')).toContain('conv1.weight has shape [64, 3, 3, 3], expected [64, 3, 7, 7]')
    const index = JSON.parse(await readFile(path.join(store, 'index.json'), 'utf8')) as { entries: { name: string }[] }
    expect(index.entries.map((e) => e.name)).toEqual(['resnet18'])
  })

  it('usage errors: unknown name without --arch, unknown subcommand, unreachable hub', async () => {
    const noArch = fakeIo()
    expect(await main(['weights', 'add', 'mine', 'x.safetensors'], noArch)).toBe(2)
    expect(noArch.err.join('')).toContain('give its architecture with --arch resnet18|wide_resnet50_2')
    const sub = fakeIo()
    expect(await main(['weights', 'fetch'], sub)).toBe(2)
    const down = await startWeightsServer(body)
    await down.close()
    const offline = fakeIo()
    expect(await main(['weights', 'pull', 'resnet18', '--url', down.url], offline)).toBe(1)
    expect(offline.err.join('')).toMatch(/cannot reach 127\.0\.0\.1:\d+.*run "inspectflow weights add resnet18 \/path\/to\/file\.safetensors"/)
  })
})
