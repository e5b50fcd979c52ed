import { rm } from 'node:fs/promises'

import type { RunEvent } from '@inspectflow/graph-schema'
import { createRegistry, defineNode, gpuBlockers, probeGpu } from '@inspectflow/nodes'
import { Type } from '@sinclair/typebox'
import { afterEach, describe, expect, it } from 'vitest'

import { graphOf, runCollecting, tempDir } from '../../test/run-helpers'

/** Asks onnxruntime for its module, as inference nodes do, and returns the provider it runs on. */
const onnxNode = defineNode({
  type: 'test.onnxUser',
  typeVersion: 1,
  title: 'onnx user',
  category: 'test',
  description: 'Loads onnxruntime',
  inputs: {},
  outputs: { provider: { type: 'Any' } },
  params: Type.Object({}),
  cacheable: false,
  run: async (ctx) => {
    await ctx.engines.onnx()
    return { provider: ctx.engines.describe().onnx.provider }
  },
})

/** Plain JavaScript: neither engine. */
const plainNode = defineNode({
  type: 'test.plain',
  typeVersion: 1,
  title: 'plain',
  category: 'test',
  description: 'Adds nothing',
  inputs: { provider: { type: 'Any' } },
  outputs: { value: { type: 'Any' } },
  params: Type.Object({}),
  cacheable: false,
  run: async (_ctx, inputs) => ({ value: inputs.provider }),
})

/** Asks TensorFlow.js for its module, as fine-tuning does. */
const tfjsNode = defineNode({
  type: 'test.tfjsUser',
  typeVersion: 1,
  title: 'tfjs user',
  category: 'test',
  description: 'Loads TensorFlow.js',
  inputs: {},
  outputs: { backend: { type: 'Any' } },
  params: Type.Object({}),
  cacheable: false,
  run: async (ctx) => {
    const tf = await ctx.engines.tfjs()
    return { backend: tf.getBackend() }
  },
})

/** Why the GPU test is skipped here (the doctor's first reason), or undefined on a machine where tfjs-node-gpu can run. */
const NO_GPU = gpuBlockers(probeGpu(), 'tfjs')[0]

async function tfjsDevice(dir: string): Promise<[string | undefined, string | undefined]> {
  const graph = graphOf([{ id: 'train', type: 'test.tfjsUser', typeVersion: 1, params: {} }], [])
  const { events } = await runCollecting(graph, createRegistry([tfjsNode]), dir)
  const finished = events.find((e): e is Extract<RunEvent, { type: 'node:finished' }> => e.type === 'node:finished')
  return [finished?.device, finished?.backend]
}

describe('device and backend of each node', () => {
  let dir: string | undefined
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('node:finished says which device and engine ran the node', async () => {
    dir = await tempDir()
    const graph = graphOf(
      [
        { id: 'infer', type: 'test.onnxUser', typeVersion: 1, params: {} },
        { id: 'plain', type: 'test.plain', typeVersion: 1, params: {} },
      ],
      ['infer.provider->plain.provider'],
    )
    const { events } = await runCollecting(graph, createRegistry([onnxNode, plainNode]), dir)
    const finished = events.filter((e): e is Extract<RunEvent, { type: 'node:finished' }> => e.type === 'node:finished')
    // this machine has no GPU: onnxruntime runs its CPU provider
    expect(finished.map((e) => [e.nodeId, e.device, e.backend])).toEqual([
      ['infer', 'cpu', 'onnxruntime cpu'],
      ['plain', 'cpu', 'javascript'],
    ])
  })

  it.skipIf(NO_GPU === undefined)('a tfjs node without a usable GPU runs on the CPU and says which backend', async () => {
    dir = await tempDir()
    const [device, backend] = await tfjsDevice(dir)
    expect(device).toBe('cpu')
    expect(backend).toMatch(/^tfjs (wasm|cpu|tfjs-node:\S+)$/)
  })

  it.skipIf(NO_GPU !== undefined)(`a tfjs node runs on cuda:0 where tfjs-node-gpu loads${NO_GPU ? ` (skipped: ${NO_GPU})` : ''}`, async () => {
    dir = await tempDir()
    const [device, backend] = await tfjsDevice(dir)
    expect(device).toBe('cuda:0')
    expect(backend).toMatch(/^tfjs tfjs-node-gpu:/)
  })
})
