import { type AnyNodeDefinition, defineNode, floatTensor, type FloatTensor, NodeInputError, throwIfCancelled } from '@inspectflow/nodes'
import { Type } from '@sinclair/typebox'

/** How many times each stub type ran, so tests can tell what executed. */
export type RunCounts = Record<string, number>

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Small stub node definitions for executor tests: a source, a scaler, a multi-input sum, a slow
 * batch loop that honours cancellation, a failing node and a non-cacheable one.
 */
export function stubNodes(counts: RunCounts, batchesSeen: { value: number } = { value: 0 }): AnyNodeDefinition[] {
  const count = (type: string): void => {
    counts[type] = (counts[type] ?? 0) + 1
  }
  const common = { category: 'test', description: 'stub for tests' }
  return [
    defineNode({
      ...common,
      type: 'test.source',
      typeVersion: 1,
      title: 'Source',
      inputs: {},
      outputs: { value: { type: 'Number' } },
      params: Type.Object({ n: Type.Integer({ default: 3 }), start: Type.Number({ default: 1 }) }),
      run: async (ctx, _inputs, params) => {
        count('test.source')
        const data = Float32Array.from({ length: params.n }, (_, i) => params.start + i + ctx.rng.next() * 0)
        return { value: floatTensor([params.n], data) }
      },
    }),
    defineNode({
      ...common,
      type: 'test.scale',
      typeVersion: 1,
      title: 'Scale',
      inputs: { x: { type: 'Number' } },
      outputs: { y: { type: 'Number' } },
      params: Type.Object({ factor: Type.Number({ default: 2 }) }),
      run: async (_ctx, inputs, params) => {
        count('test.scale')
        const x = inputs.x as FloatTensor
        return { y: floatTensor(x.shape, x.data.map((v) => v * params.factor)) }
      },
    }),
    defineNode({
      ...common,
      type: 'test.sum',
      typeVersion: 1,
      title: 'Sum',
      inputs: { xs: { type: 'Number', multiple: true }, extra: { type: 'Number', optional: true } },
      outputs: { total: { type: 'Number' }, parts: { type: 'Any' } },
      params: Type.Object({}),
      run: async (ctx, inputs) => {
        count('test.sum')
        const xs = inputs.xs as FloatTensor[]
        const parts = xs.map((x) => x.data.reduce((a, b) => a + b, 0))
        ctx.log.info(`extra is ${inputs.extra === undefined ? 'undefined' : 'set'}`)
        return { total: parts.reduce((a, b) => a + b, 0), parts }
      },
    }),
    defineNode({
      ...common,
      type: 'test.slow',
      typeVersion: 1,
      title: 'Slow',
      inputs: { x: { type: 'Number' } },
      outputs: { y: { type: 'Number' } },
      params: Type.Object({ batches: Type.Integer({ default: 50 }), ms: Type.Number({ default: 5 }) }),
      run: async (ctx, inputs, params) => {
        count('test.slow')
        for (let b = 0; b < params.batches; b++) {
          throwIfCancelled(ctx.signal)
          await sleep(params.ms)
          batchesSeen.value++
          ctx.progress(b + 1, params.batches, `batch ${b + 1}`)
        }
        return { y: inputs.x }
      },
    }),
    defineNode({
      ...common,
      type: 'test.fail',
      typeVersion: 1,
      title: 'Fail',
      inputs: { x: { type: 'Number' } },
      outputs: { y: { type: 'Number' } },
      params: Type.Object({}),
      run: async () => {
        count('test.fail')
        throw new NodeInputError('x', 'a tensor of 4 values', '3 values')
      },
    }),
    defineNode({
      ...common,
      type: 'test.path',
      typeVersion: 1,
      title: 'Path',
      inputs: {},
      outputs: { path: { type: 'Any' }, artifact: { type: 'Any' } },
      params: Type.Object({ file: Type.String({ default: 'data.txt' }) }),
      cacheable: false,
      run: async (ctx, _inputs, params) => {
        count('test.path')
        const artifact = await ctx.writeArtifact('notes/hello.txt', 'hello')
        return { path: ctx.resolvePath(params.file, 'file'), artifact }
      },
    }),
  ]
}
