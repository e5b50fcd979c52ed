import { planEmbedding } from './embedding-plan'
import { addPatchEmbedding } from './onnx-embedding'
import { OnnxGraphBuilder } from '../onnx/graph-builder'
import { type ArchitectureSpec, describeArchitecture, truncateArchitecture } from '../backbone/architecture'
import type { BackboneValue } from '../backbone/backbone-value'
import { addPreprocessing, addTrunk, stageSizes } from '../backbone/onnx-trunk'

/** Options of {@link buildBackboneOnnx}. */
export interface BackboneOnnxOptions {
  /** Square input side; the graph's spatial shapes are fixed, the batch dimension is free. */
  imageSize: number
  /** Stage outputs to return (or to embed), e.g. ['layer2', 'layer3']; the first is the reference grid. */
  taps: string[]
  /** Input element type of the NHWC 0..255 image (default uint8). */
  inputType?: 'uint8' | 'float32'
  /** When set, the graph ends with the patch embedding, output as the parts of `planEmbedding`. */
  embedding?: { patchSize: number; pretrainDim: number; embedDim: number }
  /** Overrides the catalog architecture of `backbone.arch` (tests build tiny networks). */
  architecture?: ArchitectureSpec
}

/** Name of the graph input: NHWC [batch, size, size, 3] with values 0..255. */
export const BACKBONE_INPUT = 'image'
/**
 * Name of embedding output i: NCHW part i of the embedding plan, [batch, channels_i, h, w]
 * (see features/embedding-plan.ts and writePartsNhwc).
 */
export const featuresOutput = (part: number): string => `features_${part}`

function deepestTap(spec: ArchitectureSpec, taps: string[]): string {
  const indices = taps.map((tap) => {
    const index = spec.stages.findIndex((s) => s.name === tap)
    if (index < 0) throw new RangeError(`${spec.arch} has no stage "${tap}" (stages: ${spec.stages.map((s) => s.name).join(', ')})`)
    return index
  })
  return (spec.stages[Math.max(...indices)] as { name: string }).name
}

/**
 * Builds the ONNX model of a backbone from its weights dictionary: normalisation, the trunk up to the
 * deepest tap, then either the raw taps (NCHW outputs named after the stages) or the patch embedding
 * (outputs `features_i`, the NCHW parts of `planEmbedding`).
 * Returns the serialised ModelProto.
 */
export function buildBackboneOnnx(backbone: Pick<BackboneValue, 'arch' | 'weights' | 'preprocess'>, options: BackboneOnnxOptions): Uint8Array {
  if (options.taps.length === 0) throw new RangeError('buildBackboneOnnx: at least one tap is needed')
  const fullSpec = options.architecture ?? describeArchitecture(backbone.arch)
  const spec = truncateArchitecture(fullSpec, deepestTap(fullSpec, options.taps))
  const sizes = stageSizes(spec, options.imageSize)
  const inputType = options.inputType ?? 'uint8'
  const builder = new OnnxGraphBuilder(`${spec.arch}-trunk`)
  const input = builder.input(BACKBONE_INPUT, inputType === 'uint8' ? 'UINT8' : 'FLOAT', ['batch', options.imageSize, options.imageSize, 3])
  const normalised = addPreprocessing(builder, input, backbone.preprocess, inputType)
  const stages = addTrunk(builder, normalised, spec, backbone.weights)
  const channelsOf = (tap: string): number => spec.stages.find((s) => s.name === tap)?.outChannels as number
  if (options.embedding) {
    const taps = options.taps.map((tap) => ({ value: stages[tap] as string, size: sizes[tap] as number }))
    const shape = { ...options.embedding, channels: options.taps.map(channelsOf) }
    const plan = planEmbedding(shape)
    const size = sizes[options.taps[0] as string] as number
    addPatchEmbedding(builder, taps, shape, plan).forEach((value, i) => {
      builder.namedOp('Identity', [value], featuresOutput(i))
      builder.output(featuresOutput(i), 'FLOAT', ['batch', plan.parts[i]?.finalChannels.length as number, size, size])
    })
  } else {
    for (const tap of options.taps) {
      builder.namedOp('Identity', [stages[tap] as string], tap)
      builder.output(tap, 'FLOAT', ['batch', channelsOf(tap), sizes[tap] as number, sizes[tap] as number])
    }
  }
  return builder.toBytes()
}
