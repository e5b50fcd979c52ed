import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { SYNTHETIC_DEFECT_TYPES } from '../../synthetic/defects'
import { ensureSyntheticDataset, type SyntheticOptions, syntheticFingerprint } from '../../synthetic/generate'

const params = Type.Object({
  kind: Type.Union([Type.Literal('fabric'), Type.Literal('metal'), Type.Literal('part')], {
    default: 'part',
    description: 'Product: woven fabric, brushed metal, or a round part on a plain background',
  }),
  seed: Type.Integer({ default: 1, description: 'Same seed, same images' }),
  trainCount: Type.Integer({ minimum: 1, maximum: 2000, default: 40, description: 'Normal training images' }),
  testGood: Type.Integer({ minimum: 0, maximum: 2000, default: 20, description: 'Normal test images' }),
  testDefectPerType: Type.Integer({ minimum: 0, maximum: 2000, default: 5, description: 'Anomalous test images per defect type' }),
  imageSize: Type.Integer({ minimum: 32, maximum: 1024, default: 128, description: 'Side length in pixels' }),
  defectTypes: Type.Array(Type.Union(SYNTHETIC_DEFECT_TYPES.map((t) => Type.Literal(t))), {
    default: [...SYNTHETIC_DEFECT_TYPES],
    uniqueItems: true,
    description: 'Held-out defect types in the test set (none of them is a DefectMaker defect)',
  }),
  outputDir: Type.String({ 'x-path': 'folder', default: '', description: 'Folder to write the images into; empty = the node folder in the run cache' }),
})

function toOptions(p: typeof params.static): SyntheticOptions {
  return { kind: p.kind, seed: p.seed, trainCount: p.trainCount, testGood: p.testGood, testDefectPerType: p.testDefectPerType, imageSize: p.imageSize, defectTypes: p.defectTypes }
}

/** dataset.synthetic: a seeded MVTec-layout dataset of small product images with exact defect masks. */
export const datasetSyntheticNode = defineNode({
  type: 'dataset.synthetic',
  typeVersion: 1,
  title: 'Synthetic dataset',
  category: 'data',
  description:
    'Generates a seeded dataset of small textured product images (fabric, brushed metal, a round part) with held-out defects (scratch, hole, stain, missing piece) and exact masks, in the MVTec layout. Needs no downloaded data.',
  inputs: {},
  outputs: { dataset: { type: 'Dataset', description: 'Train (normal) and test images with labels and masks' } },
  params,
  fingerprint: async (_ctx, p) => syntheticFingerprint(toOptions(p)),
  // Not cached: the files must outlive the run, so the node re-checks them each time (cheap when they exist).
  cacheable: false,
  run: async (ctx, _inputs, p) => {
    const options = toOptions(p)
    // The scratch folder is keyed by the node's content key, so the same params and seed find the
    // images of an earlier run there and reuse them.
    const root = p.outputDir ? ctx.resolvePath(p.outputDir, 'outputDir') : ctx.scratchDir
    const { dataset, reused } = await ensureSyntheticDataset(root, options, {
      signal: ctx.signal,
      progress: (done, total, message) => ctx.progress(done, total, message),
    })
    ctx.log.info(`synthetic ${p.kind}: ${dataset.train.length} train, ${dataset.test.length} test images at ${p.imageSize} px in ${root}${reused ? ' (reused)' : ''}`)
    return { dataset }
  },
})
