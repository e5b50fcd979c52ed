import { Type } from '@sinclair/typebox'

import { PRETRAINED_MODELS, catalogEntry } from '../../backbone/catalog'
import { cachedSha256File } from '../../backbone/file-hash'
import { kerasResnet50Hash, loadPretrainedBackbone } from '../../backbone/load-pretrained'
import { resolvePretrainedWeights } from '../../backbone/resolve-weights-param'
import { weightsStoreDir } from '../../backbone/weights-store'
import type { NodeContext } from '../../contract/context'
import { defineNode } from '../../contract/define-node'

interface PretrainedParams {
  model: (typeof PRETRAINED_MODELS)[number]
  weightsPath: string
}

/**
 * The weight file for the params: a store name or path in `weightsPath`, else the model's entry in
 * the weights store, else `$INSPECTFLOW_WEIGHTS_DIR` (the older loose-files folder). The store is
 * the process's (`$INSPECTFLOW_WEIGHTS` or `.inspectflow/weights` in the working directory), the
 * same folder `inspectflow weights pull/add` fill; it is configured by whoever starts the program,
 * so a stored file is not subject to the data-roots check that graph-supplied paths get.
 */
async function weightsFileFor(ctx: NodeContext, params: PretrainedParams): Promise<string> {
  return resolvePretrainedWeights(catalogEntry(params.model), params.weightsPath, {
    storeDir: weightsStoreDir(process.env, process.cwd()),
    legacyDir: process.env.INSPECTFLOW_WEIGHTS_DIR,
    resolvePath: (path, field) => ctx.resolvePath(path, field),
  })
}

/** backbone.pretrained: an ImageNet backbone from the weights catalog. */
export const backbonePretrainedNode = defineNode({
  type: 'backbone.pretrained',
  typeVersion: 1,
  title: 'Pretrained backbone',
  category: 'backbone',
  description:
    'An ImageNet-pretrained ResNet. resnet50-imagenet ships with the program (Keras weights); resnet18-imagenet and wide-resnet50-imagenet read torchvision-named safetensors weights (BatchNorm separate or folded, conv1..layer3 at least) from the weights store ("inspectflow weights pull resnet18") or a file.',
  inputs: {},
  outputs: { backbone: { type: 'Backbone', description: 'Architecture, preprocessing and folded weights' } },
  params: Type.Object({
    model: Type.Union(
      PRETRAINED_MODELS.map((m) => Type.Literal(m)),
      { default: 'resnet50-imagenet', description: 'Which pretrained network' },
    ),
    weightsPath: Type.String({
      'x-path': 'file',
      default: '',
      description:
        'Weights for resnet18-imagenet / wide-resnet50-imagenet: a weights store name (e.g. resnet18, filled by "inspectflow weights pull resnet18" or "weights add") or a safetensors file path; empty = the model\'s store entry (resnet18 / wide_resnet50_2), then $INSPECTFLOW_WEIGHTS_DIR. Not used by resnet50-imagenet',
    }),
  }),
  fingerprint: async (ctx, params) => {
    if (catalogEntry(params.model).source === 'npm') return kerasResnet50Hash()
    return cachedSha256File(ctx.engines, await weightsFileFor(ctx, params))
  },
  cacheable: false,
  run: async (ctx, _inputs, params) => {
    const entry = catalogEntry(params.model)
    const weightsPath = entry.source === 'npm' ? undefined : await weightsFileFor(ctx, params)
    ctx.progress(0, 1, `loading ${params.model}`)
    const backbone = await loadPretrainedBackbone(ctx.engines, { model: params.model, ...(weightsPath ? { weightsPath } : {}) })
    ctx.log.info(`${backbone.name}: ${backbone.provenance}; taps ${Object.keys(backbone.layers).join(', ')}`)
    ctx.progress(1, 1)
    return { backbone }
  },
})
