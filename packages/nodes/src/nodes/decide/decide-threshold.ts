import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { DECISION_RULE } from '../../eval/eval-values'
import { chooseThreshold } from '../../eval/threshold'
import { labelledScores } from '../../scoring/labelled-scores'

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
    method: Type.Union(
      [
        Type.Literal('auto', { title: 'Automatic: best F1, or 1% false alarms when there are no defect images' }),
        Type.Literal('best-f1', { title: 'Best F1 on labelled images' }),
        Type.Literal('normal-fpr', { title: 'False-alarm rate on good images' }),
        Type.Literal('manual', { title: 'Manual value' }),
      ],
      {
        default: 'auto',
        description:
          'auto: best-f1 when the test set has defective images, else normal-fpr (a line with only good images); best-f1: maximise F1 on labelled images; normal-fpr: flag at most targetFpr of the good test images; manual: use value',
      },
    ),
    targetFpr: Type.Number({ minimum: 0, maximum: 1, default: 0.01, description: 'normal-fpr only: largest fraction of normal images called anomalous' }),
    value: Type.Number({ default: 0, description: 'manual only: the threshold' }),
  }),
  cacheable: false,
  run: async (ctx, inputs, params) => {
    // images to inspect have no label: the threshold is chosen on the labelled test images only
    const scores = labelledScores(inputs.scores)
    const labels = scores.images.map((image) => image.label)
    const method = params.method === 'auto' ? (labels.some((l) => l > 0) ? 'best-f1' : 'normal-fpr') : params.method
    const threshold = chooseThreshold(scores.imageScores, labels, { method, targetFpr: params.targetFpr, value: params.value })
    ctx.log.info(`threshold ${threshold.value} (${threshold.detail})`)
    return { threshold }
  },
})
