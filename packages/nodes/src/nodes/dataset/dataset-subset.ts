import { createHash } from 'node:crypto'

import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import type { DatasetValue } from '../../datasets/dataset-value'
import { firstItems, stratifiedSubset } from './stratified-subset'

/** dataset.subset: few-shot training sets and quick test subsets of a dataset. */
export const datasetSubsetNode = defineNode({
  type: 'dataset.subset',
  typeVersion: 1,
  title: 'Dataset subset',
  category: 'data',
  description:
    'Keeps the first k training images (few-shot) and/or a stratified subset of the test images that keeps the share of every defect type. 0 keeps everything.',
  inputs: { dataset: { type: 'Dataset', description: 'The full dataset' } },
  outputs: { dataset: { type: 'Dataset', description: 'The same dataset with fewer images' } },
  params: Type.Object({
    trainCount: Type.Integer({ minimum: 0, default: 0, description: 'Training images to keep, the first ones in file order (0 = all)' }),
    testCount: Type.Integer({
      minimum: 0,
      default: 0,
      description: 'Test images to keep, spread over every defect type in proportion and evenly within each (0 = all)',
    }),
  }),
  run: async (ctx, inputs, params) => {
    const dataset: DatasetValue = inputs.dataset
    const train = firstItems(dataset.train, params.trainCount)
    const test = stratifiedSubset(dataset.test, params.testCount, (image) => image.defectType)
    ctx.log.info(`kept ${train.length}/${dataset.train.length} train and ${test.length}/${dataset.test.length} test images`)
    const fingerprint = createHash('sha256').update(`${dataset.fingerprint}/subset/${params.trainCount}/${params.testCount}`).digest('hex')
    return { dataset: { ...dataset, train, test, fingerprint } }
  },
})
