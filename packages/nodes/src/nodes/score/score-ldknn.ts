import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { densityCacheFor } from '../../scoring/bank-densities'
import { createDistanceTopK, rowSquaredNorms } from '../../scoring/distance-topk'
import { scoreLdknn } from '../../scoring/ldknn'
import { describeBank } from '../../scoring/patch-scores-to-scores'
import { bankMatrices, checkK, patchScoresOf, queryMatrix, scoringPorts, searchBlocks, warnIfTrainSplit } from './scoring-inputs'

/** score.ldknn: REB's local-density kNN score of every test patch. */
export const scoreLdknnNode = defineNode({
  type: 'score.ldknn',
  typeVersion: 2,
  title: 'LDKNN score',
  category: 'scoring',
  description:
    'REB\'s local-density kNN: how far each test patch is from its nearest memory-bank entry, minus alpha times how spread out the normal patches around that entry are (the mean squared distance to its K nearest other entries). Normal regions that vary a lot are forgiven more, which ranks whole images better. Connect an anomaly map node for image scores and pixel maps. Exact, as blocked matrix products on onnxruntime; densities only for entries that are some patch\'s nearest neighbour, kept with the bank.',
  inputs: scoringPorts.inputs,
  outputs: {
    ...scoringPorts.outputs,
    nearestDistances: {
      type: 'PatchScores',
      description: 'The plain nearest-neighbour distance of every patch (no density term): sharper, better-placed heat maps; connect it to an anomaly map\'s mapScores',
    },
  },
  params: Type.Object({
    k: Type.Integer({ minimum: 1, maximum: 1024, default: 9, description: 'Neighbours of the local density (9 for MVTec AD, 45 for MVTec LOCO)' }),
    alpha: Type.Number({ minimum: 0, maximum: 100, default: 1, description: 'Weight of the density term (0 = plain nearest-neighbour distance)' }),
  }),
  run: async (ctx, inputs, params) => {
    const { bank, features } = inputs
    const queries = queryMatrix(features, bank)
    warnIfTrainSplit(features, ctx.log)
    const { core, full } = bankMatrices(bank)
    checkK(params.k + 1, full.rows, 'K + 1 neighbours in the bank')
    const run = await createDistanceTopK(ctx.engines, queries.dim)
    const started = Date.now()
    const result = await scoreLdknn(
      run,
      queries,
      { core, full, coreToFull: bank.coreIndices?.data, fullNorms: rowSquaredNorms(full.data, full.dim) },
      densityCacheFor(ctx, bank, params.k),
      {
        k: params.k,
        alpha: params.alpha,
        ...searchBlocks(ctx.engines),
        signal: ctx.signal,
        onProgress: (phase, done, total) => ctx.progress(done, total, phase === 'nearest' ? 'nearest bank entries' : 'local densities'),
      },
    )
    const s = (ms: number): string => (ms / 1000).toFixed(1)
    ctx.log.info(
      `${queries.rows} patches vs ${core.rows} core entries: nearest ${s(result.nearestMs)} s, ${result.densitiesComputed} densities ` +
        `(${new Set(result.nearest).size} distinct nearest entries) ${s(result.densityMs)} s, total ${s(Date.now() - started)} s`,
    )
    const bankText = describeBank(core.rows, full.rows, bank.coresetRatio)
    const timing = { nearestMs: result.nearestMs, densityMs: result.densityMs, densitiesComputed: result.densitiesComputed }
    return {
      patchScores: patchScoresOf(features, result.scores, `LDKNN K=${params.k} alpha=${params.alpha}, ${bankText}, squared L2`, timing),
      nearestDistances: patchScoresOf(features, result.nearestDistances, `nearest neighbour (k=1), ${bankText}, squared L2`, timing),
    }
  },
})
