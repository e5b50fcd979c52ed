import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { loadFolderDataset } from '../../datasets/load-folder-dataset'

const params = Type.Object({
  root: Type.String({ default: 'datasets/mvtec_ad/bottle', description: 'Dataset folder: one MVTec AD category, or a folder with good/ and defect/' }),
  layout: Type.Union([Type.Literal('auto'), Type.Literal('mvtec'), Type.Literal('folder')], {
    default: 'auto',
    description: 'mvtec: train/good, test/<type>, ground_truth/<type>/<name>_mask.png; folder: good/ and defect/ (or any defect-type folder); auto: whichever is present',
  }),
  imageSize: Type.Integer({ minimum: 16, maximum: 2048, default: 256, description: 'Side length every image and mask is resized to (no crop)' }),
  resample: Type.Union([Type.Literal('bicubic'), Type.Literal('pillow-bicubic')], {
    default: 'bicubic',
    description: "Image resize: bicubic (libvips while decoding, fast; within 0.14 grey levels of Pillow on average) or pillow-bicubic (bit-exact Pillow, as the reference; slower). Masks always use Pillow's filter",
  }),
  holdoutGood: Type.Number({ minimum: 0, maximum: 0.9, default: 0.2, description: 'Folder layout only: fraction of the good images (the last in name order) kept for testing' }),
})

/** dataset.folder: an image folder on disk as a Dataset (file lists; pixels are decoded downstream). */
export const datasetFolderNode = defineNode({
  type: 'dataset.folder',
  typeVersion: 1,
  title: 'Image folder',
  category: 'data',
  description:
    'Reads a dataset folder in the MVTec AD layout or a plain good/defect layout. Files are listed in sorted name order (the reference globs in file-system order). Every image and mask header is checked up front: a missing folder, an unreadable file, a mask without its image or of another size is an error naming the file.',
  inputs: {},
  outputs: { dataset: { type: 'Dataset', description: 'Training (normal) and test images with labels and masks' } },
  params,
  fingerprint: async (ctx, p) => {
    const dataset = await loadFolderDataset({ root: ctx.resolvePath(p.root, 'root'), layout: p.layout, imageSize: p.imageSize, holdoutGood: p.holdoutGood, checkHeaders: false })
    return dataset.fingerprint
  },
  run: async (ctx, _inputs, p) => {
    const root = ctx.resolvePath(p.root, 'root')
    const dataset = await loadFolderDataset({ root, layout: p.layout, imageSize: p.imageSize, holdoutGood: p.holdoutGood, signal: ctx.signal })
    const defects = dataset.test.filter((image) => image.label === 1).length
    ctx.log.info(`${dataset.layout} layout: ${dataset.train.length} train, ${dataset.test.length} test (${defects} defective) images`)
    return { dataset: { ...dataset, resample: p.resample } }
  },
})
