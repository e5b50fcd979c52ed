import type { OnnxGraphBuilder } from '../onnx/graph-builder'
import type { EmbeddingShape } from './embedding-weights'
import { type EmbeddingPart, type EmbeddingPlan } from './embedding-plan'

/** A tapped layer in the graph: its NCHW value name and square spatial size. */
export interface TapValue {
  value: string
  size: number
}

function convolve(builder: OnnxGraphBuilder, x: string, weight: Float32Array, shape: number[], groups: number): string {
  const p = shape[2] as number
  const pad = (p - 1) / 2
  const w = builder.floatConstant('embed_weight', weight, shape)
  return builder.op1('Conv', [x, w], { kernel_shape: [p, p], strides: [1, 1], pads: [pad, pad, pad, pad], group: groups })
}

/** Bilinear, align_corners=False (half_pixel), the same as torch F.interpolate in PatchCore. */
function resizeTo(builder: OnnxGraphBuilder, x: string, size: number, targetSize: number): string {
  if (size === targetSize) return x
  const sizes = builder.int64Constant('embed_size', [targetSize, targetSize])
  return builder.op1('Resize', [x, '', '', sizes], { mode: 'linear', coordinate_transformation_mode: 'half_pixel', axes: [2, 3] })
}

function addPart(builder: OnnxGraphBuilder, taps: TapValue[], part: EmbeddingPart, targetSize: number): string {
  const tap = taps[part.layerIndex] as TapValue
  return resizeTo(builder, convolve(builder, tap.value, part.weight, part.weightShape, part.groups), tap.size, targetSize)
}

/** The straddling case: every layer's dense conv padded to the full channel range, then summed. */
function addSummedPart(builder: OnnxGraphBuilder, taps: TapValue[], plan: EmbeddingPlan, shape: EmbeddingShape, targetSize: number): string {
  const p = shape.patchSize
  const padded = (plan.summed ?? []).map((conv) => {
    const tap = taps[conv.layerIndex] as TapValue
    const y = resizeTo(builder, convolve(builder, tap.value, conv.weight, [conv.outCount, conv.channels, p, p], 1), tap.size, targetSize)
    const pads = builder.int64Constant('embed_pads', [0, conv.outStart, 0, 0, 0, shape.embedDim - conv.outStart - conv.outCount, 0, 0])
    return builder.op1('Pad', [y, pads])
  })
  return padded.length === 1 ? (padded[0] as string) : builder.op1('Sum', padded)
}

/**
 * Adds the patch embedding of REB-METHOD 5.2 on the tapped layers (the first tap is the reference
 * grid). Returns one NCHW value per part of `plan`, at the reference grid; `writePartsNhwc` puts them
 * together.
 */
export function addPatchEmbedding(builder: OnnxGraphBuilder, taps: TapValue[], shape: EmbeddingShape, plan: EmbeddingPlan): string[] {
  const targetSize = (taps[0] as TapValue).size
  if (plan.summed) return [addSummedPart(builder, taps, plan, shape, targetSize)]
  return plan.parts.map((part) => addPart(builder, taps, part, targetSize))
}
