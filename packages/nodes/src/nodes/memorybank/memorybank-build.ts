import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { throwIfCancelled } from '../../contract/errors'
import { buildMemoryBank } from '../../memorybank/build-bank'

/** memorybank.build: the training patches, all of them or an approximate greedy coreset. */
export const memorybankBuildNode = defineNode({
  type: 'memorybank.build',
  typeVersion: 1,
  title: 'Memory bank',
  category: 'scoring',
  description:
    'Collects the patch features of the normal training images. Ratio 1 keeps every patch (the REB default); a smaller ratio keeps floor(N x ratio) patches chosen by PatchCore\'s approximate greedy coreset (seeded random projection, farthest-point selection), trading accuracy for scoring speed. LDKNN still measures densities against the full bank.',
  inputs: { features: { type: 'PatchFeatures', description: 'Patch features of the training images' } },
  outputs: { bank: { type: 'MemoryBank', description: 'Core entries, and the full bank when a coreset is used' } },
  params: Type.Object({
    coresetRatio: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 1, description: '1 = every patch; e.g. 0.1 keeps a 10% coreset' }),
    projectionDim: Type.Integer({ minimum: 1, maximum: 4096, default: 128, description: 'Coreset only: dimension of the random projection distances are measured in' }),
    startPoints: Type.Integer({ minimum: 1, maximum: 1000, default: 10, description: 'Coreset only: random starting points of the greedy selection' }),
  }),
  run: async (ctx, inputs, params) => {
    if (inputs.features.split !== 'train') ctx.log.warn(`building a memory bank from ${inputs.features.split} features`)
    const bank = await buildMemoryBank(ctx.engines, inputs.features.features, {
      ...params,
      rng: ctx.rng,
      onProgress: (done, total, message) => {
        throwIfCancelled(ctx.signal)
        ctx.progress(done, total, message)
      },
    })
    ctx.log.info(`memory bank: ${bank.core.shape[0]} of ${bank.full?.shape[0] ?? bank.core.shape[0]} patches from ${bank.imageCount} images`)
    return { bank }
  },
})
