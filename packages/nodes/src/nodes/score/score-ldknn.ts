import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { createDistanceTopK, rowSquaredNorms } from '../../scoring/distance-topk'
import { densityCacheFor } from '../../scoring/density-cache-registry'
import { scoreLdknn } from '../../scoring/ldknn'
import { describeBank, timedScoresFromPatches } from '../../scoring/patch-scores-to-scores'
import { bankMatrices, blockParams, checkK, queryMatrix, scoringPorts } from './scoring-inputs'

/** score.ldknn: REB's local-density kNN score of every test patch, image and pixel maps. */
export const scoreLdknnNode = defineNode({
  type: 'score.ldknn',
  typeVersion: 1,
  title: 'LDKNN score',
  category: 'scoring',
  description:
    'REB\'s LDKNN: squared L2 distance to the nearest bank entry minus alpha times that entry\'s local density (mean squared distance to its K nearest other bank entries, self removed by index). Exact, as blocked matrix products on onnxruntime; densities only for entries that are some patch\'s nearest neighbour, cached per bank. Image score: max of 3x3 block means; pixel map: bilinear upsampling and a Gaussian.',
  ...scoringPorts,
  params: Type.Object({
    k: Type.Integer({ minimum: 1, maximum: 1024, default: 9, description: 'Neighbours of the local density (9 for MVTec AD, 45 for MVTec LOCO)' }),
    alpha: Type.Number({ minimum: 0, maximum: 100, default: 1, description: 'Weight of the density term' }),
    ...blockParams,
  }),
  run: async (ctx, inputs, params) => {
    const { bank, features } = inputs
    const queries = queryMatrix(features, bank)
    const { core, full } = bankMatrices(bank)
    checkK(params.k + 1, full.rows, 'K + 1 neighbours in the bank')
    const run = await createDistanceTopK(ctx.engines, queries.dim)
    const started = Date.now()
    const result = await scoreLdknn(
      run,
      queries,
      { core, full, coreToFull: bank.coreIndices?.data, fullNorms: rowSquaredNorms(full.data, full.dim) },
      densityCacheFor(bank, params.k),
      {
        k: params.k,
        alpha: params.alpha,
        queryBlock: params.queryBlock,
        bankBlock: params.bankBlock,
        signal: ctx.signal,
        onProgress: (phase, done, total) => ctx.progress(done, total, phase === 'nearest' ? 'nearest bank entries' : 'local densities'),
      },
    )
    const method = `LDKNN K=${params.k} alpha=${params.alpha}, ${describeBank(core.rows, full.rows, bank.coresetRatio)}, squared L2`
    const search = { nearestMs: result.nearestMs, densityMs: result.densityMs, densitiesComputed: result.densitiesComputed }
    const scores = timedScoresFromPatches(features, result.scores, method, params.sigma, search)
    const s = (ms: number): string => (ms / 1000).toFixed(1)
    ctx.log.info(
      `${queries.rows} patches vs ${core.rows} core entries: nearest ${s(result.nearestMs)} s, ${result.densitiesComputed} densities ` +
        `(${new Set(result.nearest).size} distinct nearest entries) ${s(result.densityMs)} s, maps ${s(scores.timing?.mapsMs ?? 0)} s, total ${s(Date.now() - started)} s`,
    )
    return { scores }
  },
})
