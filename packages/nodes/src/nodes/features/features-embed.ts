import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { NodeInputError } from '../../contract/errors'
import { createFeatureExtractor } from '../../features/create-extractor'

/** features.embed: how the tapped layers become one vector per patch (REB-METHOD 5). */
export const featuresEmbedNode = defineNode({
  type: 'features.embed',
  typeVersion: 1,
  title: 'Patch embedding',
  category: 'features',
  description:
    'Combines the tapped layers into one vector per image patch, as REB and PatchCore do: each location is averaged with its 3x3 neighbourhood, deeper layers are upsampled to the grid of the first tap, each layer is pooled to a fixed length and the layers are merged. The first tap sets the patch grid (layer2 of a 256 px image: 32 x 32 patches).',
  inputs: { taps: { type: 'LayerTap', multiple: true, description: 'The layers to combine, first one sets the grid; all of one backbone' } },
  outputs: { extractor: { type: 'FeatureExtractor', description: 'Backbone, taps and embedding, ready to extract features' } },
  params: Type.Object({
    patchSize: Type.Integer({ default: 3, minimum: 1, maximum: 9, description: 'Neighbourhood averaged around each location (odd; 3 in REB)' }),
    pretrainEmbedDim: Type.Integer({ default: 0, minimum: 0, description: 'Length each layer is pooled to; 0 = 512 for ResNet18, 1024 for the 50-layer networks' }),
    embedDim: Type.Integer({ default: 0, minimum: 0, description: 'Length of the final patch vector; 0 = 512 for ResNet18, 1024 for the 50-layer networks. Smaller is faster and uses less memory, at some accuracy' }),
  }),
  cacheable: false,
  run: async (_ctx, inputs, params) => {
    const taps = inputs.taps
    const first = taps[0]
    if (!first) throw new NodeInputError('taps', 'at least one layer.tap connected', 'none')
    const other = taps.find((tap) => tap.backbone !== first.backbone)
    if (other) throw new NodeInputError('taps', `layers of one backbone (${first.backbone.name})`, `a tap of ${other.backbone.name} too`)
    const layers = taps.map((tap) => tap.layer)
    const repeated = layers.find((layer, i) => layers.indexOf(layer) !== i)
    if (repeated) throw new NodeInputError('taps', 'each layer tapped once', `${repeated} twice`)
    return { extractor: createFeatureExtractor(first.backbone, { layers, ...params }) }
  },
})
