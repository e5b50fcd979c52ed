import { type Static, Type } from '@sinclair/typebox'

import type { NodeContext } from '../../contract/context'
import { defineNode } from '../../contract/define-node'
import { NodeInputError } from '../../contract/errors'
import type { DatasetImage } from '../../datasets/dataset-value'
import { type FolderDatasetOptions, loadFolderDataset } from '../../datasets/load-folder-dataset'

const params = Type.Object({
  // 'x-path' marks a path param: the editor offers a picker of the server's data roots beside it.
  root: Type.String({ 'x-path': 'folder', default: 'datasets/mvtec_ad/bottle', description: 'Dataset folder: one MVTec AD category, or a folder with good/ and defect/' }),
  layout: Type.Union(
    [
      Type.Literal('auto', { title: 'Detect (MVTec or good/defect folders under root)' }),
      Type.Literal('mvtec', { title: 'MVTec AD category under root' }),
      Type.Literal('folder', { title: 'good/ and defect folders under root' }),
      Type.Literal('paths', { title: 'Folders named one by one (normalDir, ...)' }),
    ],
    {
      default: 'auto',
      description:
        'mvtec: train/good, test/<type>, ground_truth/<type>/<name>_mask.png (a type without a ground_truth folder is labelled per image, no pixel metrics); folder: good/ and defect/ (or any defect-type folder); paths: the folders below; auto: mvtec or folder, whichever root holds',
    },
  ),
  normalDir: Type.String({ 'x-path': 'folder', default: '', description: 'paths layout: folder of good images from the line (required)' }),
  abnormalDir: Type.String({ 'x-path': 'folder', default: '', description: 'paths layout, optional: defective images, directly or one sub-folder per defect type' }),
  maskDir: Type.String({ 'x-path': 'folder', default: '', description: 'paths layout, optional: masks of the defective images, same relative name or <name>_mask.png' }),
  testNormalDir: Type.String({ 'x-path': 'folder', default: '', description: 'paths layout, optional: good images kept for testing; empty = hold out holdoutGood of normalDir (seeded)' }),
  inspectDir: Type.String({ 'x-path': 'folder', default: '', description: 'paths layout, optional: new images to check; scored, decided and mapped, never counted in metrics' }),
  imageSize: Type.Integer({ minimum: 16, maximum: 2048, default: 256, description: 'Side length every image and mask is resized to (no crop)' }),
  resample: Type.Union([Type.Literal('bicubic'), Type.Literal('pillow-bicubic')], {
    default: 'bicubic',
    description: "Image resize: bicubic (Pillow's resize, libvips for the passes that shrink 1-4x; within 0.2 grey levels of Pillow on average, 8 at most, at any scale factor) or pillow-bicubic (bit-exact Pillow, as the reference; slower). Masks always use Pillow's filter",
  }),
  fit: Type.Union(
    [Type.Literal('squash', { title: 'Squash the whole image into the square' }), Type.Literal('center-crop', { title: 'Crop the centred square' })],
    { default: 'squash', description: 'Non-square images: squash keeps everything but changes proportions; center-crop keeps proportions and drops the edges of the longer side (masks and maps follow)' },
  ),
  holdoutGood: Type.Number({ minimum: 0, maximum: 0.9, default: 0.2, description: 'folder and paths layouts: fraction of the good images kept for testing (folder: the last in name order; paths: a seeded draw)' }),
})

type FolderParams = Static<typeof params>

/** The loader's options for the params, every path resolved (and checked) through the context. */
function loaderOptions(ctx: NodeContext, p: FolderParams): FolderDatasetOptions {
  const dir = (value: string, field: string): string | undefined => (value.trim() ? ctx.resolvePath(value.trim(), field) : undefined)
  const common = { layout: p.layout, imageSize: p.imageSize, holdoutGood: p.holdoutGood }
  if (p.layout !== 'paths') return { ...common, root: ctx.resolvePath(p.root, 'root') }
  const normalDir = dir(p.normalDir, 'normalDir')
  if (!normalDir) throw new NodeInputError('normalDir', 'the folder of good images (layout "paths")', 'an empty value')
  const folders = {
    normalDir,
    abnormalDir: dir(p.abnormalDir, 'abnormalDir'),
    maskDir: dir(p.maskDir, 'maskDir'),
    testNormalDir: dir(p.testNormalDir, 'testNormalDir'),
    inspectDir: dir(p.inspectDir, 'inspectDir'),
    holdoutSeed: ctx.rng.int(0, 2 ** 30),
  }
  return { ...common, root: normalDir, folders }
}

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
  readsPaths: (p) => {
    if (p.layout !== 'paths') return [{ param: 'root', path: p.root, kind: 'folder' }]
    const named = ['normalDir', 'abnormalDir', 'maskDir', 'testNormalDir', 'inspectDir'] as const
    return named.filter((param) => p[param].trim() !== '').map((param) => ({ param, path: p[param], kind: 'folder' as const }))
  },
  fingerprint: async (ctx, p) => {
    const dataset = await loadFolderDataset({ ...loaderOptions(ctx, p), checkHeaders: false })
    return dataset.fingerprint
  },
  run: async (ctx, _inputs, p) => {
    const dataset = await loadFolderDataset({ ...loaderOptions(ctx, p), signal: ctx.signal })
    const defects = dataset.test.filter((image) => image.label === 1).length
    const inspect = dataset.test.filter((image) => image.inspect).length
    const labelled = dataset.test.length - inspect
    ctx.log.info(`${dataset.layout} layout: ${dataset.train.length} train, ${labelled} test (${defects} defective)${inspect ? `, ${inspect} to inspect` : ''} images`)
    if (dataset.layout === 'paths' && !p.testNormalDir.trim()) {
      const held = dataset.test.filter((image) => image.label === 0 && !image.inspect).map((image) => image.name)
      ctx.log.info(`held out for testing (seeded): ${held.join(', ')}`)
    }
    if (p.fit === 'squash') return { dataset: { ...dataset, resample: p.resample } }
    const crop = (images: DatasetImage[]) => images.map((image) => ({ ...image, fit: p.fit }))
    return { dataset: { ...dataset, resample: p.resample, fit: p.fit, train: crop(dataset.train), test: crop(dataset.test) } }
  },
})
