import { access } from 'node:fs/promises'

import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import type { DatasetValue } from '../../datasets/dataset-value'
import type { SaliencyConfig, SaliencyMode } from '../../defectmaker/defect-values'
import { saliencyPathFor } from '../../defectmaker/saliency'

const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false)

/** How many training images have a saliency map file next to them. */
async function countMapFiles(dataset: DatasetValue, suffix: string): Promise<number> {
  let found = 0
  for (const image of dataset.train) {
    if (await exists(image.saliencyPath ?? saliencyPathFor(image.path, suffix))) found++
  }
  return found
}

async function describeMode(mode: SaliencyMode, suffix: string, dataset: DatasetValue | undefined): Promise<string> {
  if (mode === 'uniform') return 'uniform placement (no saliency), as the reference does for textures and LOCO'
  if (mode === 'foreground') {
    return 'SUBSTITUTE saliency: a classical foreground estimate (border-colour distance, Otsu, morphology) instead of the reference\'s learned EDN saliency maps'
  }
  if (!dataset) return `saliency maps from "<image>${suffix}" files (missing maps: uniform placement)`
  const found = await countMapFiles(dataset, suffix)
  return `saliency maps from "<image>${suffix}" files: ${found} of ${dataset.train.length} training images have one (the others: uniform placement)`
}

/** defect.saliency: where synthetic defects may be anchored. */
export const defectSaliencyNode = defineNode({
  type: 'defect.saliency',
  typeVersion: 1,
  title: 'Defect saliency',
  category: 'defect',
  description:
    'Where defects are placed: "uniform" (anywhere), "files" (binary maps saved next to each image, e.g. 000_saliency.jpg, any non-zero pixel is salient) or "foreground" (a built-in classical foreground estimate; a flagged substitute for the reference\'s learned saliency model).',
  inputs: { dataset: { type: 'Dataset', optional: true, description: 'Training images, to count the map files found' } },
  outputs: { saliency: { type: 'Saliency', description: 'A serialisable placement-map configuration' } },
  params: Type.Object({
    mode: Type.Union([Type.Literal('uniform'), Type.Literal('files'), Type.Literal('foreground')], { default: 'uniform', description: 'Where the placement map comes from' }),
    fileSuffix: Type.String({ default: '_saliency.jpg', description: 'Map file = image path without extension + this suffix (mode "files")' }),
  }),
  cacheable: false,
  run: async (ctx, inputs, params) => {
    const note = await describeMode(params.mode, params.fileSuffix, inputs.dataset)
    if (params.mode === 'foreground') ctx.log.warn(note)
    else ctx.log.info(note)
    const saliency: SaliencyConfig = { mode: params.mode, substitute: params.mode === 'foreground', fileSuffix: params.fileSuffix, note }
    return { saliency }
  },
})
