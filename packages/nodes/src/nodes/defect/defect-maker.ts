import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import type { BlendConfig, DefectFillConfig, DefectMakerConfig, DefectShapeConfig } from '../../defectmaker/defect-values'
import { UNIFORM_SALIENCY } from '../../defectmaker/reference-makers'

/** The reference's class-name convention: bezier_cp, bezier_scar_noise, ... */
function defaultName(shape: DefectShapeConfig, fill: DefectFillConfig): string {
  const prefix = shape.family === 'bezier' ? 'bezier' : `bezier_${shape.family}`
  return `${prefix}_${fill.kind === 'noise' ? 'noise' : 'cp'}`
}

/** Blend settings of the reference for a family unless the params override them. */
function blendFor(shape: DefectShapeConfig, edgeKernel: number, blurProb: number, fuseWeight: number[]): BlendConfig {
  const familyKernel = shape.family === 'bezier' ? 5 : 3
  const familyWeight: BlendConfig['fuseWeight'] = shape.family === 'clump' ? [0.5, 1] : 1
  const weight: BlendConfig['fuseWeight'] =
    fuseWeight.length === 0 ? familyWeight : fuseWeight.length === 1 ? fuseWeight[0]! : [fuseWeight[0]!, fuseWeight[1]!]
  return { edgeKernel: edgeKernel > 0 ? edgeKernel : familyKernel, blurProb, fuseWeight: weight }
}

/** defect.maker: shape x fill x placement x blend, one class of the self-supervised task. */
export const defectMakerNode = defineNode({
  type: 'defect.maker',
  typeVersion: 1,
  title: 'DefectMaker',
  category: 'defect',
  description:
    'Combines a shape, a fill and a saliency map into one synthetic-defect generator: the defect box is centred on a random salient pixel (kept inside the image), its edge optionally eroded and blurred, and fused with the given opacity. Connect several makers to one fine-tuning node; each is one class (the reference uses six).',
  inputs: {
    shape: { type: 'DefectShape' },
    fill: { type: 'DefectFill' },
    saliency: { type: 'Saliency', optional: true, description: 'Placement map; uniform when not connected' },
  },
  outputs: { maker: { type: 'DefectMaker', description: 'A serialisable defect-maker configuration' } },
  params: Type.Object({
    name: Type.String({ default: '', description: 'Class name; empty = from shape and fill (e.g. bezier_scar_cp)' }),
    edgeKernel: Type.Integer({ minimum: 0, maximum: 31, default: 0, description: 'Edge erosion/blur kernel k; 0 = family default (5 bezier, 3 scar and clump)' }),
    blurProb: Type.Number({ minimum: 0, maximum: 1, default: 0.5, description: 'Probability of a soft (eroded and blurred) edge' }),
    fuseWeight: Type.Array(Type.Number({ minimum: 0, maximum: 1 }), {
      minItems: 0, maxItems: 2, default: [],
      description: 'Opacity: [w] constant, [lo, hi] uniform per defect, empty = family default (1; clump U(0.5, 1))',
    }),
    jitterFill: Type.Boolean({ default: true, description: 'Colour-jitter the fill before blending, as the reference does' }),
  }),
  cacheable: false,
  run: async (_ctx, inputs, params) => {
    const { shape, fill } = inputs
    const maker: DefectMakerConfig = {
      name: params.name.trim() || defaultName(shape, fill),
      shape,
      fill,
      saliency: inputs.saliency ?? UNIFORM_SALIENCY,
      blend: blendFor(shape, params.edgeKernel, params.blurProb, params.fuseWeight),
      jitterFill: params.jitterFill,
    }
    return { maker }
  },
})
