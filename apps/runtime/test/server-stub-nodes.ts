import { readFile } from 'node:fs/promises'

import { type AnyNodeDefinition, defineNode, NodeInputError, throwIfCancelled } from '@inspectflow/nodes'
import { Type } from '@sinclair/typebox'

/** A 1x1 PNG, the smallest real preview image a progress event can carry. */
export const TINY_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

/** Emits a number at once. */
export const sourceNode = defineNode({
  type: 'test.source',
  typeVersion: 1,
  title: 'Test source',
  category: 'test',
  description: 'Outputs its value param',
  inputs: {},
  outputs: { value: { type: 'Number' } },
  params: Type.Object({ value: Type.Number({ default: 1, description: 'The number to emit' }) }),
  run: async (_ctx, _inputs, params) => ({ value: params.value }),
})

/** Loops over batches with a delay each, reporting progress and checking the signal per batch. */
export const slowNode = defineNode({
  type: 'test.slow',
  typeVersion: 1,
  title: 'Test slow',
  category: 'test',
  description: 'Doubles its input after a number of timed batches',
  inputs: { value: { type: 'Number' } },
  outputs: { value: { type: 'Number' } },
  params: Type.Object({
    batches: Type.Integer({ default: 3, minimum: 1, description: 'How many batches' }),
    delayMs: Type.Integer({ default: 10, minimum: 0, description: 'Milliseconds per batch' }),
  }),
  run: async (ctx, inputs, params) => {
    for (let batch = 1; batch <= params.batches; batch++) {
      throwIfCancelled(ctx.signal)
      await sleep(params.delayMs, ctx.signal)
      throwIfCancelled(ctx.signal)
      const preview = batch === params.batches ? { mime: 'image/png' as const, base64: TINY_PNG_BASE64 } : undefined
      ctx.progress(batch, params.batches, `batch ${batch}`, preview)
    }
    return { value: Number(inputs.value) * 2 }
  },
})

/** Always fails, naming what it expected. */
export const failingNode = defineNode({
  type: 'test.fail',
  typeVersion: 1,
  title: 'Test failure',
  category: 'test',
  description: 'Throws a NodeInputError',
  inputs: { value: { type: 'Number' } },
  outputs: { value: { type: 'Number' } },
  params: Type.Object({}),
  run: async () => {
    throw new NodeInputError('value', 'a number below 0', 'a positive number')
  },
})

/** Reads a text file named by a path param and copies it into the run's artifacts. */
export const readFileNode = defineNode({
  type: 'test.readFile',
  typeVersion: 1,
  title: 'Test file reader',
  category: 'test',
  description: 'Reads a text file through ctx.resolvePath and writes it as an artifact',
  inputs: {},
  outputs: { text: { type: 'Any' } },
  params: Type.Object({ path: Type.String({ description: 'File to read' }) }),
  cacheable: false,
  run: async (ctx, _inputs, params) => {
    const file = ctx.resolvePath(params.path, 'path')
    const text = await readFile(file, 'utf8')
    await ctx.writeArtifact('copy.txt', text)
    return { text }
  },
})

/** Every stub node, for createRegistry. */
export const stubNodes: AnyNodeDefinition[] = [sourceNode, slowNode, failingNode, readFileNode]
