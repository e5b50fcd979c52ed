import { Type } from '@sinclair/typebox'

import { PRETRAINED_MODELS, catalogEntry } from '../../backbone/catalog'
import { cachedSha256File } from '../../backbone/file-hash'
import { findWeightsFile, kerasResnet50Hash, loadPretrainedBackbone } from '../../backbone/load-pretrained'
import type { NodeContext } from '../../contract/context'
import { defineNode } from '../../contract/define-node'

interface PretrainedParams {
  model: (typeof PRETRAINED_MODELS)[number]
  weightsPath: string
}

/** The weight file for the params: the resolved `weightsPath`, else `$INSPECTFLOW_WEIGHTS_DIR`. */
function weightsFileFor(ctx: NodeContext, params: PretrainedParams): string {
  const given = params.weightsPath.trim()
  const resolved = given ? ctx.resolvePath(given, 'weightsPath') : undefined
  return findWeightsFile(catalogEntry(params.model), resolved, process.env.INSPECTFLOW_WEIGHTS_DIR)
}

/** backbone.pretrained: an ImageNet backbone from the weights catalog. */
export const backbonePretrainedNode = defineNode({
  type: 'backbone.pretrained',
  typeVersion: 1,
  title: 'Pretrained backbone',
  category: 'backbone',
  description:
    'An ImageNet-pretrained ResNet. resnet50-imagenet ships with the program (Keras weights); resnet18-imagenet and wide-resnet50-imagenet read a safetensors file with torchvision names (BatchNorm separate or folded, conv1..layer3 at least).',
  inputs: {},
  outputs: { backbone: { type: 'Backbone', description: 'Architecture, preprocessing and folded weights' } },
  params: Type.Object({
    model: Type.Union(
      PRETRAINED_MODELS.map((m) => Type.Literal(m)),
      { default: 'resnet50-imagenet', description: 'Which pretrained network' },
    ),
    weightsPath: Type.String({
      default: '',
      description: 'safetensors file for resnet18-imagenet / wide-resnet50-imagenet; empty = look in $INSPECTFLOW_WEIGHTS_DIR. Not used by resnet50-imagenet',
    }),
  }),
  fingerprint: async (ctx, params) => {
    if (catalogEntry(params.model).source === 'npm') return kerasResnet50Hash()
    return cachedSha256File(ctx.engines, weightsFileFor(ctx, params))
  },
  cacheable: false,
  run: async (ctx, _inputs, params) => {
    const entry = catalogEntry(params.model)
    const weightsPath = entry.source === 'npm' ? undefined : weightsFileFor(ctx, params)
    ctx.progress(0, 1, `loading ${params.model}`)
    const backbone = await loadPretrainedBackbone(ctx.engines, { model: params.model, ...(weightsPath ? { weightsPath } : {}) })
    ctx.log.info(`${backbone.name}: ${backbone.provenance}; taps ${Object.keys(backbone.layers).join(', ')}`)
    ctx.progress(1, 1)
    return { backbone }
  },
})
