import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { DEFAULT_NOISE_FILL } from '../../defectmaker/fills'

/** defect.fill.noise: random coloured noise, one of means x flucts x scales x aspects per defect. */
export const defectFillNoiseNode = defineNode({
  type: 'defect.fill.noise',
  typeVersion: 1,
  title: 'Noise fill',
  category: 'defect',
  description:
    'Fills a defect with coloured random noise: each channel uniform in [mean - fluct, mean + fluct], generated at a coarser scale and stretched by an aspect, then resized bicubically (REB fill "noise", 2,250 combinations).',
  inputs: {},
  outputs: { fill: { type: 'DefectFill', description: 'A serialisable fill configuration' } },
  params: Type.Object({
    means: Type.Array(Type.Integer({ minimum: 0, maximum: 255 }), { minItems: 1, default: DEFAULT_NOISE_FILL.means, description: 'Mean grey levels to pick from' }),
    flucts: Type.Array(Type.Integer({ minimum: 0, maximum: 255 }), { minItems: 1, default: DEFAULT_NOISE_FILL.flucts, description: 'Half-widths of the value range to pick from' }),
    scales: Type.Array(Type.Number({ exclusiveMinimum: 0 }), { minItems: 1, default: DEFAULT_NOISE_FILL.scales, description: 'Noise grain sizes in pixels to pick from' }),
    aspects: Type.Array(Type.Number({ exclusiveMinimum: 0 }), { minItems: 1, default: DEFAULT_NOISE_FILL.aspects, description: 'Grain aspect ratios to pick from' }),
  }),
  cacheable: false,
  run: async (_ctx, _inputs, params) => ({ fill: { kind: 'noise' as const, ...params } }),
})

/** defect.fill.cutpaste: a patch of another (augmented) normal training image. */
export const defectFillCutPasteNode = defineNode({
  type: 'defect.fill.cutpaste',
  typeVersion: 1,
  title: 'Cut-paste fill',
  category: 'defect',
  description: 'Fills a defect with a patch cut from a random, colour-jittered and transposed normal training image, centred on one of its salient pixels (REB fill "cp").',
  inputs: {},
  outputs: { fill: { type: 'DefectFill', description: 'A serialisable fill configuration' } },
  params: Type.Object({}),
  cacheable: false,
  run: async () => ({ fill: { kind: 'cutpaste' as const } }),
})
