import type * as tfType from '@tensorflow/tfjs'

import type { ArchitectureSpec, BlockSpec, ConvSpec } from '../backbone/architecture'
import type { Preprocessing } from '../backbone/backbone-value'
import type { FloatTensor } from '../contract/tensor'

type Tf = typeof tfType

/** A convolution's parameters as tfjs variables: filter in HWIO layout, folded-BatchNorm bias. */
export interface TfConv {
  filter: tfType.Variable<tfType.Rank.R4>
  bias: tfType.Variable<tfType.Rank.R1>
}

/**
 * The trunk's parameters by torchvision conv name (`conv1`, `layer2.0.downsample.0`, ...). BatchNorm is
 * folded into the convolutions, so there are no BatchNorm layers to freeze or put in train mode: the
 * reference's "freeze for 39 epochs, then BN in train mode" reduces here to freezing the weights.
 */
export type TfTrunkParams = Map<string, TfConv>

/** OIHW (torch) -> HWIO (tfjs) for one conv weight. */
function toHwio(tf: Tf, weight: FloatTensor): tfType.Tensor4D {
  const [o, i, h, w] = weight.shape as [number, number, number, number]
  return tf.tidy(() => tf.transpose(tf.tensor4d(weight.data, [o, i, h, w]), [2, 3, 1, 0]))
}

/** The stage a conv belongs to (`conv1` belongs to the stem). */
export function stageOfConv(convName: string): string {
  return convName.startsWith('layer') ? convName.split('.')[0]! : 'stem'
}

/**
 * Creates tfjs variables from a weights dictionary for every conv of `spec`; convs of stages listed in
 * `trainable` become trainable variables, the others constants-in-effect (trainable: false).
 */
export function createTrunkParams(tf: Tf, spec: ArchitectureSpec, weights: Record<string, FloatTensor>, convs: ConvSpec[], trainable: ReadonlySet<string>): TfTrunkParams {
  const params: TfTrunkParams = new Map()
  for (const conv of convs) {
    const weight = weights[`${conv.name}.weight`]
    const bias = weights[`${conv.name}.bias`]
    if (!weight || !bias) throw new RangeError(`backbone ${spec.arch}: weights "${conv.name}.weight" and ".bias" are needed for fine-tuning`)
    const isTrainable = trainable.has(stageOfConv(conv.name))
    // variables outlive tidy; the initial tensors do not
    params.set(conv.name, tf.tidy(() => ({
      filter: tf.variable(toHwio(tf, weight), isTrainable) as tfType.Variable<tfType.Rank.R4>,
      bias: tf.variable(tf.tensor1d(bias.data), isTrainable) as tfType.Variable<tfType.Rank.R1>,
    })))
  }
  return params
}

/** Reads the variables back into torchvision-named OIHW tensors. */
export async function trunkParamsToWeights(tf: Tf, params: TfTrunkParams): Promise<Record<string, FloatTensor>> {
  const weights: Record<string, FloatTensor> = {}
  for (const [name, conv] of params) {
    const oihw = tf.transpose(conv.filter, [3, 2, 0, 1])
    weights[`${name}.weight`] = { dtype: 'float32', shape: oihw.shape, data: (await oihw.data()) as Float32Array }
    oihw.dispose()
    weights[`${name}.bias`] = { dtype: 'float32', shape: conv.bias.shape, data: Float32Array.from(await conv.bias.data()) }
  }
  return weights
}

/** NHWC pixels 0..255 -> normalised input, x * scale / std - mean / std per channel. */
export function preprocessInput(tf: Tf, pixels: tfType.Tensor4D, preprocess: Preprocessing): tfType.Tensor4D {
  return tf.tidy(() => {
    const ordered = preprocess.channelOrder === 'bgr' ? tf.reverse(pixels, 3) : pixels
    const multiply = tf.tensor1d(preprocess.std.map((s) => preprocess.scale / s))
    const offset = tf.tensor1d(preprocess.mean.map((m, c) => -m / preprocess.std[c]!))
    return tf.add(tf.mul(ordered, multiply), offset) as tfType.Tensor4D
  })
}

/** conv (explicit zero padding, then 'valid') + folded bias. */
function applyConv(tf: Tf, x: tfType.Tensor4D, conv: ConvSpec, params: TfTrunkParams): tfType.Tensor4D {
  const p = params.get(conv.name)
  if (!p) throw new RangeError(`tfjs trunk: no parameters for conv "${conv.name}"`)
  const input = conv.padding > 0 ? tf.pad(x, [[0, 0], [conv.padding, conv.padding], [conv.padding, conv.padding], [0, 0]]) : x
  return tf.add(tf.conv2d(input, p.filter, conv.stride, 'valid'), p.bias)
}

function applyBlock(tf: Tf, x: tfType.Tensor4D, block: BlockSpec, params: TfTrunkParams): tfType.Tensor4D {
  let y = x
  block.convs.forEach((conv, i) => {
    y = applyConv(tf, y, conv, params)
    if (i < block.convs.length - 1) y = tf.relu(y)
  })
  const shortcut = block.downsample ? applyConv(tf, x, block.downsample, params) : x
  return tf.relu(tf.add(y, shortcut)) as tfType.Tensor4D
}

/** The stem: conv1 + ReLU + 3x3 max-pool (stride 2, pad 1; inputs are >= 0 after the ReLU, so zero padding equals -inf padding). */
export function applyStem(tf: Tf, x: tfType.Tensor4D, spec: ArchitectureSpec, params: TfTrunkParams): tfType.Tensor4D {
  const { kernel, stride, padding } = spec.maxPool
  const y = tf.relu(applyConv(tf, x, spec.stem, params))
  const padded = tf.pad(y, [[0, 0], [padding, padding], [padding, padding], [0, 0]])
  return tf.maxPool(padded, kernel, stride, 'valid')
}

/** Runs the named stages in order on x (the output of the stem or of the previous stage). */
export function applyStages(tf: Tf, x: tfType.Tensor4D, spec: ArchitectureSpec, stageNames: readonly string[], params: TfTrunkParams): tfType.Tensor4D {
  let y = x
  for (const stage of spec.stages.filter((s) => stageNames.includes(s.name))) {
    for (const block of stage.blocks) y = applyBlock(tf, y, block, params)
  }
  return y
}

/** The whole trunk on normalised input; returns every stage output (NHWC). Caller owns the tensors. */
export function trunkForward(tf: Tf, x: tfType.Tensor4D, spec: ArchitectureSpec, params: TfTrunkParams): Record<string, tfType.Tensor4D> {
  const outputs: Record<string, tfType.Tensor4D> = {}
  let y = applyStem(tf, x, spec, params)
  for (const stage of spec.stages) {
    y = applyStages(tf, y, spec, [stage.name], params)
    outputs[stage.name] = y
  }
  return outputs
}
