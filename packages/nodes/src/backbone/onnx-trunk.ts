import type { FloatTensor } from '../contract/tensor'
import type { OnnxGraphBuilder } from '../onnx/graph-builder'
import type { ArchitectureSpec, BlockSpec, ConvSpec } from './architecture'
import type { Preprocessing } from './backbone-value'

/**
 * Adds the input normalisation to a graph: NHWC image (uint8 or float, 0..255) -> NCHW float,
 * channels reordered if needed, then x * (scale / std) - mean / std per channel. Doing it in the graph
 * means the caller only copies image bytes.
 */
export function addPreprocessing(builder: OnnxGraphBuilder, input: string, preprocess: Preprocessing, inputType: 'uint8' | 'float32'): string {
  const asFloat = inputType === 'uint8' ? builder.op1('Cast', [input], { to: 1 }) : input
  let nchw = builder.op1('Transpose', [asFloat], { perm: [0, 3, 1, 2] })
  if (preprocess.channelOrder === 'bgr') {
    nchw = builder.op1('Gather', [nchw, builder.int64Constant('bgr', [2, 1, 0])], { axis: 1 })
  }
  const multiply = Float32Array.from(preprocess.std.map((s) => preprocess.scale / s))
  const offset = Float32Array.from(preprocess.mean.map((m, c) => -m / (preprocess.std[c] as number)))
  const scaled = builder.op1('Mul', [nchw, builder.floatConstant('norm_scale', multiply, [1, 3, 1, 1])])
  return builder.op1('Add', [scaled, builder.floatConstant('norm_offset', offset, [1, 3, 1, 1])])
}

function weightOf(weights: Record<string, FloatTensor>, name: string): FloatTensor {
  const tensor = weights[name]
  if (!tensor) throw new RangeError(`backbone weights have no "${name}"`)
  return tensor
}

/** One conv with its folded bias (no activation). */
function addConv(builder: OnnxGraphBuilder, x: string, conv: ConvSpec, weights: Record<string, FloatTensor>): string {
  const w = weightOf(weights, `${conv.name}.weight`)
  const b = weightOf(weights, `${conv.name}.bias`)
  const p = conv.padding
  return builder.op1(
    'Conv',
    [x, builder.floatConstant(`${conv.name}.weight`, w.data, w.shape), builder.floatConstant(`${conv.name}.bias`, b.data, b.shape)],
    { kernel_shape: [conv.kernel, conv.kernel], strides: [conv.stride, conv.stride], pads: [p, p, p, p] },
  )
}

function addBlock(builder: OnnxGraphBuilder, x: string, block: BlockSpec, weights: Record<string, FloatTensor>): string {
  let y = x
  block.convs.forEach((conv, i) => {
    y = addConv(builder, y, conv, weights)
    if (i < block.convs.length - 1) y = builder.op1('Relu', [y])
  })
  const shortcut = block.downsample ? addConv(builder, x, block.downsample, weights) : x
  return builder.op1('Relu', [builder.op1('Add', [y, shortcut])])
}

/**
 * Adds the ResNet trunk (stem, max-pool, stages) on a normalised NCHW input. Returns the output value
 * name of every stage in `spec` (pass a truncated spec to stop after the deepest tap).
 */
export function addTrunk(builder: OnnxGraphBuilder, x: string, spec: ArchitectureSpec, weights: Record<string, FloatTensor>): Record<string, string> {
  const { kernel, stride, padding } = spec.maxPool
  let y = builder.op1('Relu', [addConv(builder, x, spec.stem, weights)])
  y = builder.op1('MaxPool', [y], { kernel_shape: [kernel, kernel], strides: [stride, stride], pads: [padding, padding, padding, padding] })
  const outputs: Record<string, string> = {}
  for (const stage of spec.stages) {
    for (const block of stage.blocks) y = addBlock(builder, y, block, weights)
    outputs[stage.name] = y
  }
  return outputs
}

/** Spatial size of every stage output for a square input of `imageSize`. */
export function stageSizes(spec: ArchitectureSpec, imageSize: number): Record<string, number> {
  const out = (size: number, k: number, s: number, p: number): number => Math.floor((size + 2 * p - k) / s) + 1
  let size = out(imageSize, spec.stem.kernel, spec.stem.stride, spec.stem.padding)
  size = out(size, spec.maxPool.kernel, spec.maxPool.stride, spec.maxPool.padding)
  const sizes: Record<string, number> = {}
  for (const stage of spec.stages) {
    for (const block of stage.blocks) for (const conv of block.convs) size = out(size, conv.kernel, conv.stride, conv.padding)
    sizes[stage.name] = size
  }
  return sizes
}
