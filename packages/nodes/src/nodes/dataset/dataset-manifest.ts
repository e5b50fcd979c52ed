import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { readManifest } from './read-manifest'

/** dataset.manifest: a dataset listed in a JSON file, for image sets that do not follow the MVTec layout. */
export const datasetManifestNode = defineNode({
  type: 'dataset.manifest',
  typeVersion: 1,
  title: 'Dataset from manifest',
  category: 'data',
  description:
    'Reads a JSON manifest listing training images (normal) and test images (with defect type and optional mask), paths relative to the manifest. Use it for datasets that do not follow the MVTec folder layout.',
  inputs: {},
  outputs: { dataset: { type: 'Dataset', description: 'The images the manifest lists' } },
  params: Type.Object({
    file: Type.String({ 'x-path': 'file', minLength: 1, default: 'dataset.json', description: 'Path of the manifest JSON file' }),
    imageSize: Type.Integer({ minimum: 32, maximum: 2048, default: 256, description: 'Side length images are resized to' }),
  }),
  // the manifest and the images it lists are read, so their sizes and mtimes decide the cache key
  readsPaths: (params) => [{ param: 'file', path: params.file, kind: 'file' }],
  fingerprint: async (ctx, params) => (await readManifest(ctx.resolvePath(params.file, 'file'), ctx.resolvePath)).fingerprint,
  run: async (ctx, _inputs, params) => {
    const file = ctx.resolvePath(params.file, 'file')
    const content = await readManifest(file, ctx.resolvePath)
    ctx.log.info(`${content.train.length} train and ${content.test.length} test images listed in ${params.file}`)
    const dataset = { root: file, layout: 'folder' as const, imageSize: params.imageSize, ...content }
    return { dataset }
  },
})
