import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { NodeInputError } from '../../contract/errors'
import { computeMetrics } from '../../eval/compute-metrics'
import { loadMasks } from '../../eval/load-masks'
import type { PixelSet } from '../../eval/pixel-set'
import { labelledScores } from '../../scoring/labelled-scores'
import type { ScoresValue } from '../../scoring/scores-value'

/** Checks the pixel maps are [N, S, S] for the N scored images and returns S. */
export function pixelMapSize(scores: ScoresValue): number {
  const shape = scores.pixelMaps.shape
  const n = scores.images.length
  if (shape.length !== 3 || shape[0] !== n || shape[1] !== shape[2]) {
    throw new NodeInputError('scores.pixelMaps', `shape [${n}, S, S]`, `[${shape.join(', ')}]`)
  }
  return shape[1] as number
}

/** eval.metrics: image and pixel metrics overall and per defect type. */
export const evalMetricsNode = defineNode({
  type: 'eval.metrics',
  typeVersion: 1,
  title: 'Metrics',
  category: 'evaluation',
  description:
    'Image AUROC, pixel AUROC (all images and anomalous images only), AUPRO to FPR 0.3 normalised, best F1 with its threshold, and confusion counts at the chosen threshold; overall and per defect type. Undefined metrics are null with a note.',
  inputs: {
    scores: { type: 'Scores', description: 'Test image scores and pixel anomaly maps' },
    threshold: { type: 'Threshold', optional: true, description: 'Threshold for the confusion counts; default best F1' },
  },
  outputs: { metrics: { type: 'Metrics', description: 'Metrics, threshold and notes' } },
  params: Type.Object({
    aproMaxFpr: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.3, description: 'Upper false-positive-rate limit of AUPRO (0.3 in the MVTec protocol)' }),
    pixelMetrics: Type.Boolean({ default: true, description: 'Compute pixel AUROC and AUPRO (needs ground-truth masks)' }),
  }),
  run: async (ctx, inputs, params) => {
    const scores = labelledScores(inputs.scores)
    const inspected = inputs.scores.images.length - scores.images.length
    if (inspected > 0) ctx.log.info(`${inspected} unlabelled image(s) to inspect are not counted in the metrics`)
    if (scores.images.length === 0) throw new NodeInputError('scores', 'at least one labelled test image (good or defective) to measure', 'only unlabelled images to inspect')
    let pixels: PixelSet | null = null
    if (params.pixelMetrics) {
      const size = pixelMapSize(scores)
      pixels = { size, maps: scores.pixelMaps.data, masks: await loadMasks(ctx, scores.images, size) }
    }
    ctx.progress(0, 1, 'computing metrics')
    const metrics = computeMetrics({
      imageScores: scores.imageScores,
      labels: scores.images.map((image) => image.label),
      defectTypes: scores.images.map((image) => image.defectType),
      pixels,
      threshold: inputs.threshold,
      aproMaxFpr: params.aproMaxFpr,
    })
    ctx.progress(1, 1, 'metrics done')
    for (const note of metrics.notes) ctx.log.warn(note)
    return { metrics }
  },
})
