import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { createFeatureExtractor } from '../../features/create-extractor'

/** features.extractor: which layers to tap and how to embed them (REB-METHOD 5). */
export const featuresExtractorNode = defineNode({
  type: 'features.extractor',
  typeVersion: 1,
  title: 'Feature extractor',
  category: 'features',
  description:
    'Taps backbone layers and embeds each location as REB / PatchCore do: 3x3 neighbourhood, deeper layers bilinearly upsampled to the first layer grid, adaptive average pooling per layer, then the layers merged.',
  inputs: { backbone: { type: 'Backbone', description: 'The network to tap' } },
  outputs: { extractor: { type: 'FeatureExtractor', description: 'Backbone plus embedding settings' } },
  params: Type.Object({
    layers: Type.Array(Type.String(), { default: ['layer2', 'layer3'], minItems: 1, description: 'Stage outputs to tap; the first sets the feature grid' }),
    patchSize: Type.Integer({ default: 3, minimum: 1, maximum: 9, description: 'Neighbourhood size of the local aggregation (odd)' }),
    pretrainEmbedDim: Type.Integer({ default: 0, minimum: 0, description: 'Per-layer pooled dimension; 0 = 512 for ResNet18, 1024 for the 50-layer networks' }),
    embedDim: Type.Integer({ default: 0, minimum: 0, description: 'Final patch-vector dimension; 0 = 512 for ResNet18, 1024 for the 50-layer networks' }),
  }),
  cacheable: false,
  run: async (_ctx, inputs, params) => ({ extractor: createFeatureExtractor(inputs.backbone, params) }),
})
