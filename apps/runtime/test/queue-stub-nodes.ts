import { type AnyNodeDefinition, defineNode, throwIfCancelled } from '@inspectflow/nodes'
import { Type } from '@sinclair/typebox'

import { stubNodes } from './server-stub-nodes'

/** Stands in for fine-tuning in the scale-out tests: the node type the API node routes to GPU workers. */
export const trainNode = defineNode({
  type: 'test.train',
  typeVersion: 1,
  title: 'Test training',
  category: 'test',
  description: 'Adds one to its input after a number of timed steps (wants a GPU in the scale-out tests)',
  inputs: { value: { type: 'Number' } },
  outputs: { value: { type: 'Number' } },
  params: Type.Object({
    steps: Type.Integer({ default: 3, minimum: 1, description: 'How many steps' }),
    delayMs: Type.Integer({ default: 10, minimum: 0, description: 'Milliseconds per step' }),
  }),
  run: async (ctx, inputs, params) => {
    for (let step = 1; step <= params.steps; step++) {
      throwIfCancelled(ctx.signal)
      await new Promise((resolve) => setTimeout(resolve, params.delayMs))
      ctx.progress(step, params.steps, `step ${step}`)
    }
    return { value: Number(inputs.value) + 1 }
  },
})

/** The node type the test API node treats as wanting a GPU. */
export const GPU_TEST_NODE_TYPES = [trainNode.type]

/** The server stubs plus the training stand-in, for the API node and worker processes of the scale-out tests. */
export const queueStubNodes: AnyNodeDefinition[] = [...stubNodes, trainNode]
