import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { scoresFromPatchScores } from '../../scoring/patch-scores-to-scores'

/** anomaly.map: image scores and pixel anomaly maps from patch scores. */
export const anomalyMapNode = defineNode({
  type: 'anomaly.map',
  typeVersion: 1,
  title: 'Anomaly map',
  category: 'scoring',
  description:
    'Turns patch scores into what a person looks at: one score per image and a heat map per image at the image size (patch scores bilinearly upsampled, then smoothed with a Gaussian). The heat maps may come from other patch scores than the image scores (mapScores): LDKNN ranks whole images better, the plain nearest-neighbour distance places defects better. A separate node so that changing the blur or the image-score rule re-runs only this step, never the neighbour search.',
  inputs: {
    patchScores: { type: 'PatchScores', description: 'The score of every patch of the test images' },
    mapScores: {
      type: 'PatchScores',
      optional: true,
      description: 'Optional: other patch scores of the same images to draw the pixel maps from (e.g. score.ldknn\'s nearestDistances), while the image scores still come from patchScores',
    },
  },
  outputs: { scores: { type: 'Scores', description: 'Image scores, patch maps and pixel maps' } },
  params: Type.Object({
    sigma: Type.Number({ minimum: 0.1, maximum: 64, default: 4, description: 'Blur of the pixel maps, in pixels (4 in REB and PatchCore); larger = smoother, less precise maps' }),
    imageScore: Type.Union(
      [
        Type.Literal('block-mean-max', { title: 'Max of 3x3 block means (REB)' }),
        Type.Literal('max', { title: 'Max patch score (PatchCore)' }),
      ],
      { default: 'block-mean-max', description: 'How an image\'s patch scores become its score: averaging 3x3 blocks first ignores single noisy patches' },
    ),
  }),
  run: async (_ctx, inputs, params) => ({ scores: scoresFromPatchScores(inputs.patchScores, params, inputs.mapScores) }),
})
