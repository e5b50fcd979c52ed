import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { NodeInputError } from '../../contract/errors'

/** layer.tap: one stage output of a backbone, to embed with features.embed. */
export const layerTapNode = defineNode({
  type: 'layer.tap',
  typeVersion: 1,
  title: 'Layer tap',
  category: 'features',
  description:
    'Picks one stage of the backbone whose feature map becomes part of the patch features. Earlier layers see small details (edges, texture) at a fine grid; deeper layers see larger structures at a coarser grid. REB and PatchCore tap layer2 and layer3.',
  inputs: { backbone: { type: 'Backbone', description: 'The network to tap' } },
  outputs: { tap: { type: 'LayerTap', description: 'The tapped layer with its stride and channels' } },
  params: Type.Object({
    layer: Type.Union(
      [
        Type.Literal('layer1', { title: 'layer1 (stride 4, fine detail)' }),
        Type.Literal('layer2', { title: 'layer2 (stride 8)' }),
        Type.Literal('layer3', { title: 'layer3 (stride 16)' }),
        Type.Literal('layer4', { title: 'layer4 (stride 32, coarse context)' }),
      ],
      { default: 'layer2', description: 'Which stage output to tap; the backbone must include it' },
    ),
  }),
  // a description of what to tap, made in no time: not worth a cache entry
  cacheable: false,
  run: async (_ctx, inputs, params) => {
    const { backbone } = inputs
    const info = backbone.layers[params.layer]
    if (!info) {
      throw new NodeInputError('layer', `a stage of ${backbone.name} (${Object.keys(backbone.layers).join(', ')})`, params.layer, 'The weights file holds the trunk up to its deepest stage only.')
    }
    return { tap: { backbone, layer: params.layer, stride: info.stride, channels: info.channels } }
  },
})
