import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import type { DefectShapeConfig, NumberRange } from '../../defectmaker/defect-values'
import { DEFAULT_SHAPES } from '../../defectmaker/shapes'

const range = (lo: number, hi: number, description: string) =>
  Type.Array(Type.Number(), { minItems: 2, maxItems: 2, default: [lo, hi], description })

const asRange = (values: number[]): NumberRange => [values[0]!, values[1]!]

/** defect.shape.bezier: one of the three Bezier shape families with its parameter ranges. */
export const defectShapeBezierNode = defineNode({
  type: 'defect.shape.bezier',
  typeVersion: 1,
  title: 'Bezier defect shape',
  category: 'defect',
  description:
    'Random closed-curve defect shapes (REB DefectMaker): "bezier" (a smoothed random polygon in a box of 2-15% of the image), "scar" (a thin 7-21 x 15-30 px curve rotated by up to 45 degrees) or "clump" (blob noise inside a Bezier outline).',
  inputs: {},
  outputs: { shape: { type: 'DefectShape', description: 'A serialisable shape generator configuration' } },
  params: Type.Object({
    family: Type.Union([Type.Literal('bezier'), Type.Literal('scar'), Type.Literal('clump')], { default: 'bezier', description: 'Shape family' }),
    vertices: Type.Array(Type.Integer({ minimum: 3 }), {
      minItems: 0, maxItems: 2, default: [],
      description: 'Random polygon vertices [min, max], inclusive; empty = family default ({5,6}, clump {5..9})',
    }),
    smoothing: Type.Array(Type.Number({ exclusiveMinimum: 0, maximum: 1 }), { minItems: 1, default: [0.2, 0.3, 0.4], description: 'Smoothing factors k to pick from (1 = the polygon itself)' }),
    areaRatio: range(0.02, 0.15, 'Box area as a fraction of the image (bezier, clump)'),
    aspectRatio: Type.Number({ minimum: 0, default: 0, description: 'Largest box aspect ratio (bezier, clump); 0 = family default (3.3, clump 3)' }),
    scarWidth: range(7, 21, 'Scar width in pixels before rotation, inclusive'),
    scarHeight: range(15, 30, 'Scar height in pixels before rotation, inclusive'),
    scarRotation: range(-45, 45, 'Scar rotation in degrees, inclusive'),
    clumpScale: range(5, 7, 'Clump blob scale range'),
    clumpThreshold: Type.Integer({ minimum: 0, maximum: 255, default: 138, description: 'Clump noise threshold (noise is 77..177)' }),
  }),
  cacheable: false,
  run: async (_ctx, _inputs, params) => {
    const defaults = DEFAULT_SHAPES[params.family]
    const shape: DefectShapeConfig = {
      ...defaults,
      vertices: params.vertices.length === 2 ? asRange(params.vertices) : defaults.vertices,
      smoothing: params.smoothing,
      areaRatio: asRange(params.areaRatio),
      aspectRatio: params.aspectRatio > 0 ? params.aspectRatio : defaults.aspectRatio,
      scarWidth: asRange(params.scarWidth),
      scarHeight: asRange(params.scarHeight),
      scarRotation: asRange(params.scarRotation),
      clumpScale: asRange(params.clumpScale),
      clumpThreshold: params.clumpThreshold,
    }
    return { shape }
  },
})
