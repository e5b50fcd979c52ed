import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { createRandom } from '../../contract/random'
import { loadSamplePool, poolSaliency } from '../../defectmaker/load-pool'
import { makeTrainingItem } from '../../defectmaker/make-defect'
import { composeGrid, encodePng, maskToRgb } from '../../defectmaker/preview-grid'
import type { RgbImage } from '../../image/rgb-image'

/** defect.preview: real training images with synthetic defects and their masks, as one PNG. */
export const defectPreviewNode = defineNode({
  type: 'defect.preview',
  typeVersion: 1,
  title: 'Defect preview',
  category: 'defect',
  description:
    'Shows what fine-tuning will learn from before anything trains: for a few training images, the augmented normal image and one synthetic defect per connected maker, with the placement map and the defect masks underneath. Seeded: the same seed gives the same images.',
  inputs: {
    dataset: { type: 'Dataset' },
    makers: { type: 'DefectMaker', multiple: true, description: 'Columns, in connection order (class 1..n)' },
  },
  outputs: { preview: { type: 'Image', description: 'The PNG grid (artifact defect-preview.png)' } },
  params: Type.Object({
    images: Type.Integer({ minimum: 1, maximum: 16, default: 3, description: 'Training images shown (rows)' }),
    poolSize: Type.Integer({ minimum: 1, maximum: 200, default: 12, description: 'Training images loaded as the cut-paste source' }),
    imageSize: Type.Integer({ minimum: 0, maximum: 1024, default: 0, description: 'Working size in pixels; 0 = the dataset image size' }),
    seed: Type.Integer({ default: 0, description: 'Random seed of the augmentations and defects' }),
  }),
  // not cached: the PNG is written into each run's artifact directory and shown on the node each time
  cacheable: false,
  run: async (ctx, inputs, params) => {
    const { dataset, makers } = inputs
    if (dataset.train.length === 0) throw new RangeError('dataset: expected training images, found none')
    const size = params.imageSize > 0 ? params.imageSize : dataset.imageSize
    const saliency = poolSaliency(makers, (m) => ctx.log.warn(m))
    const sources = dataset.train.slice(0, Math.max(params.poolSize, params.images))
    const pool = await loadSamplePool(sources, { size, resample: dataset.resample, fit: dataset.fit, saliency, signal: ctx.signal, onProgress: (d, t) => ctx.progress(d, t + params.images, 'loading images') })
    const rng = createRandom(`defect.preview/${params.seed}`)
    const rows: RgbImage[][] = []
    for (let i = 0; i < params.images; i++) {
      const base = pool.samples[i % pool.samples.length]!
      const item = makeTrainingItem(makers, base, pool, rng.fork(`row-${i}`))
      rows.push(item.images, [maskToRgb(item.saliency), ...item.masks.slice(1).map(maskToRgb)])
    }
    const grid = composeGrid(rows)
    const png = await encodePng(grid)
    const artifact = await ctx.writeArtifact('defect-preview.png', png)
    const caption = `columns: normal, ${makers.map((m) => m.name).join(', ')}; under each row: placement map, defect masks (${saliency.note})`
    ctx.progress(sources.length + params.images, sources.length + params.images, 'preview ready', { mime: 'image/png', base64: png.toString('base64'), caption })
    return { preview: { artifact, width: grid.width, height: grid.height } }
  },
})
