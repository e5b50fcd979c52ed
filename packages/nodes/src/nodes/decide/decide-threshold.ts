import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { DECISION_RULE } from '../../eval/eval-values'
import { chooseThreshold } from '../../eval/threshold'

/** decide.threshold: the image-level decision threshold as an explicit value that travels with the graph. */
export const decideThresholdNode = defineNode({
  type: 'decide.threshold',
  typeVersion: 1,
  title: 'Decision threshold',
  category: 'evaluation',
  description: `Chooses the image-level threshold (${DECISION_RULE}): best F1 on labelled images, a target false-positive rate on the normal images alone (for plants with no defect samples), or a manual value.`,
  inputs: { scores: { type: 'Scores', description: 'Image scores with labels' } },
  outputs: { threshold: { type: 'Threshold', description: 'The threshold and how it was chosen' } },
  params: Type.Object({
    method: Type.Union([Type.Literal('best-f1'), Type.Literal('normal-fpr'), Type.Literal('manual')], {
      default: 'best-f1',
      description: 'best-f1: maximise F1 on labelled images; normal-fpr: flag at most targetFpr of the normal images; manual: use value',
    }),
    targetFpr: Type.Number({ minimum: 0, maximum: 1, default: 0.01, description: 'normal-fpr only: largest fraction of normal images called anomalous' }),
    value: Type.Number({ default: 0, description: 'manual only: the threshold' }),
  }),
  cacheable: false,
  run: async (ctx, inputs, params) => {
    const labels = inputs.scores.images.map((image) => image.label)
    const threshold = chooseThreshold(inputs.scores.imageScores, labels, { method: params.method, targetFpr: params.targetFpr, value: params.value })
    ctx.log.info(`threshold ${threshold.value} (${threshold.detail})`)
    return { threshold }
  },
})
