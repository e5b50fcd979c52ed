import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { createDistanceTopK } from '../../scoring/distance-topk'
import { scoreKnn } from '../../scoring/knn'
import { describeBank, timedScoresFromPatches } from '../../scoring/patch-scores-to-scores'
import { bankMatrices, blockParams, checkK, queryMatrix, scoringPorts } from './scoring-inputs'

/** score.knn: plain kNN patch scores (PatchCore with k = 1), image and pixel maps. */
export const scoreKnnNode = defineNode({
  type: 'score.knn',
  typeVersion: 1,
  title: 'kNN score',
  category: 'scoring',
  description:
    'Mean squared L2 distance from each test patch to its k nearest core entries (k = 1 is PatchCore\'s nearest-neighbour score, squared). Exact, as blocked matrix products on onnxruntime. Image score: max of 3x3 block means; pixel map: bilinear upsampling and a Gaussian.',
  ...scoringPorts,
  params: Type.Object({
    k: Type.Integer({ minimum: 1, maximum: 1024, default: 1, description: 'Nearest neighbours averaged' }),
    ...blockParams,
  }),
  run: async (ctx, inputs, params) => {
    const { bank, features } = inputs
    const queries = queryMatrix(features, bank)
    const { core, full } = bankMatrices(bank)
    checkK(params.k, core.rows, 'entries in the core')
    const run = await createDistanceTopK(ctx.engines, queries.dim)
    const started = Date.now()
    const scores = await scoreKnn(run, queries, core, {
      k: params.k,
      queryBlock: params.queryBlock,
      bankBlock: params.bankBlock,
      signal: ctx.signal,
      onBlock: (done, total) => ctx.progress(done, total, 'nearest bank entries'),
    })
    const method = `kNN k=${params.k}, ${describeBank(core.rows, full.rows, bank.coresetRatio)}, squared L2`
    const search = { nearestMs: Date.now() - started, densityMs: 0, densitiesComputed: 0 }
    return { scores: timedScoresFromPatches(features, scores, method, params.sigma, search) }
  },
})
