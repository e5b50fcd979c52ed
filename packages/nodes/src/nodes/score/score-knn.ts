import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { createDistanceTopK } from '../../scoring/distance-topk'
import { scoreKnn } from '../../scoring/knn'
import { describeBank } from '../../scoring/patch-scores-to-scores'
import { bankMatrices, checkK, patchScoresOf, queryMatrix, scoringPorts, searchBlocks, warnIfTrainSplit } from './scoring-inputs'

/** score.knn: plain kNN patch scores (PatchCore with k = 1). */
export const scoreKnnNode = defineNode({
  type: 'score.knn',
  typeVersion: 2,
  title: 'kNN score',
  category: 'scoring',
  description:
    'How far each test patch is from normal: the mean squared L2 distance to its k nearest memory-bank entries (k = 1 is PatchCore\'s nearest-neighbour score, squared). Sharp, well-localised maps; connect an anomaly map node for image scores and pixel maps. Exact, as blocked matrix products on onnxruntime.',
  ...scoringPorts,
  params: Type.Object({
    k: Type.Integer({ minimum: 1, maximum: 1024, default: 1, description: 'Nearest neighbours averaged (1 = PatchCore)' }),
  }),
  run: async (ctx, inputs, params) => {
    const { bank, features } = inputs
    const queries = queryMatrix(features, bank)
    warnIfTrainSplit(features, ctx.log)
    const { core, full } = bankMatrices(bank)
    checkK(params.k, core.rows, 'entries in the core')
    const run = await createDistanceTopK(ctx.engines, queries.dim)
    const started = Date.now()
    const scores = await scoreKnn(run, queries, core, {
      k: params.k,
      ...searchBlocks(ctx.engines),
      signal: ctx.signal,
      onBlock: (done, total) => ctx.progress(done, total, 'nearest bank entries'),
    })
    const method = `kNN k=${params.k}, ${describeBank(core.rows, full.rows, bank.coresetRatio)}, squared L2`
    return { patchScores: patchScoresOf(features, scores, method, { nearestMs: Date.now() - started, densityMs: 0, densitiesComputed: 0 }) }
  },
})
