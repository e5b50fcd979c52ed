import { rm } from 'node:fs/promises'

import type { RunEvent } from '@inspectflow/graph-schema'
import { createRegistry, defineNode } from '@inspectflow/nodes'
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
})
