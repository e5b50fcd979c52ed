import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { extractPatchFeatures } from '../../features/extract-patch-features'

/** features.extract: patch features of every image of one split. */
export const featuresExtractNode = defineNode({
  type: 'features.extract',
  typeVersion: 1,
  title: 'Extract patch features',
  category: 'features',
  description: 'Runs the feature extractor on the train or test images of a dataset, in batches, and returns one embedding per patch [N, H, W, D].',
  inputs: {
    dataset: { type: 'Dataset', description: 'Images to embed' },
    extractor: { type: 'FeatureExtractor', description: 'Backbone and embedding' },
  },
  outputs: { features: { type: 'PatchFeatures', description: 'Patch embeddings, NHWC' } },
  params: Type.Object({
    split: Type.Union([Type.Literal('train'), Type.Literal('test')], { default: 'train', description: 'Which images of the dataset' }),
    batchSize: Type.Integer({ default: 8, minimum: 1, maximum: 256, description: 'Images per inference call' }),
  }),
  run: async (ctx, inputs, params) => {
    const { dataset, extractor } = inputs
    const images = dataset[params.split]
    const features = await extractPatchFeatures(
      ctx.engines,
      extractor,
      images.map((image) => image.path),
      {
        imageSize: dataset.imageSize,
        resample: dataset.resample,
        fit: dataset.fit,
        batchSize: params.batchSize,
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress(done, total, `${done}/${total} ${params.split} images`),
      },
    )
    ctx.log.info(`${params.split}: ${images.length} images -> features [${features.shape.join(', ')}]`)
    return { features: { features, images, imageSize: dataset.imageSize, split: params.split } }
  },
})
