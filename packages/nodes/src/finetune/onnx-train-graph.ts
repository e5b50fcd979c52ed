import type { ArchitectureSpec, BlockSpec, ConvSpec } from '../backbone/architecture'
import type { Preprocessing } from '../backbone/backbone-value'
import { addPreprocessing } from '../backbone/onnx-trunk'
import type { FloatTensor } from '../contract/tensor'
import { BackwardOps, type ConvGeometry } from '../onnx/backward-ops'
import { OnnxGraphBuilder } from '../onnx/graph-builder'
import { addHeadWithLoss } from './onnx-head-graph'
import { stageOfConv } from './tf-trunk'

/** Graph input: NHWC float pixels 0..255, [batch, size, size, 3]. */
export const TRAIN_IMAGE_INPUT = 'image'
/** Graph input: one-hot targets [batch, classes]. */
export const TRAIN_TARGETS_INPUT = 'targets'
/** Graph output: the mean loss of the batch (scalar). */
export const TRAIN_LOSS_OUTPUT = 'loss'
/** Graph output name of a parameter's gradient. */
export const gradOutput = (param: string): string => `grad:${param}`

/** What one training-step graph computes. */
export interface TrainGraphOptions {
  /** The trunk, truncated after the stage the head sits on. */
  spec: ArchitectureSpec
  imageSize: number
  preprocess: Preprocessing
  /** Conv weights of the fixed stages, baked in as constants (trainable ones are graph inputs). */
  weights: Record<string, FloatTensor>
  /** Stages ('stem', 'layer1', ...) whose convs are graph inputs with gradients; empty = head only. */
  trainableStages: ReadonlySet<string>
  classes: number
  hidden: number[]
}

/** The serialised graph and the parameters it takes as inputs (and returns gradients for), in order. */
export interface TrainGraph {
  model: Uint8Array
  /** Trainable trunk parameters (`conv.weight`, `conv.bias`) then head parameters. */
  params: string[]
}

interface ConvRecord {
  conv: ConvSpec
  geometry: ConvGeometry
  input: string
  weight: string
  /** Output of the ReLU after the conv, for convs followed by one inside the block. */
  reluOutput?: string
}

interface BlockRecord {
  block: BlockSpec
  stage: string
  input: string
  output: string
  convs: ConvRecord[]
  downsample?: ConvRecord
}

const outSize = (size: number, c: ConvSpec): number => Math.floor((size + 2 * c.padding - c.kernel) / c.stride) + 1

/** Builds the forward (keeping what the backward reads) and the backward of the trunk + SSL head. */
class TrainGraphBuilder {
  readonly g = new OnnxGraphBuilder('ssl-train-step')
  readonly ops = new BackwardOps(this.g)
  readonly params: string[] = []
  readonly paramShapes = new Map<string, number[]>()
  readonly grads = new Map<string, string>()

  constructor(readonly options: TrainGraphOptions) {}

  private trainable(conv: ConvSpec): boolean {
    return this.options.trainableStages.has(stageOfConv(conv.name))
  }

  paramValue(name: string, shape: number[], trainable: boolean): string {
    if (trainable) {
      this.params.push(name)
      this.paramShapes.set(name, shape)
      return this.g.input(name, 'FLOAT', shape)
    }
    const tensor = this.options.weights[name]
    if (!tensor) throw new RangeError(`training graph: the backbone weights have no "${name}"`)
    return this.g.floatConstant(name, tensor.data, tensor.shape)
  }

  conv(x: string, conv: ConvSpec, inSize: number): { z: string; record: ConvRecord } {
    const trainable = this.trainable(conv)
    const weight = this.paramValue(`${conv.name}.weight`, [conv.outChannels, conv.inChannels, conv.kernel, conv.kernel], trainable)
    const bias = this.paramValue(`${conv.name}.bias`, [conv.outChannels], trainable)
    const p = conv.padding
    const z = this.g.op1('Conv', [x, weight, bias], { kernel_shape: [conv.kernel, conv.kernel], strides: [conv.stride, conv.stride], pads: [p, p, p, p] })
    const geometry: ConvGeometry = { inChannels: conv.inChannels, outChannels: conv.outChannels, kernel: conv.kernel, stride: conv.stride, padding: p, inSize, outSize: outSize(inSize, conv) }
    return { z, record: { conv, geometry, input: x, weight } }
  }

  block(x: string, block: BlockSpec, stage: string, size: number): { record: BlockRecord; size: number } {
    const convs: ConvRecord[] = []
    let y = x
    let side = size
    block.convs.forEach((spec, i) => {
      const { z, record } = this.conv(y, spec, side)
      side = record.geometry.outSize
      convs.push(record)
      if (i < block.convs.length - 1) {
        y = this.g.op1('Relu', [z])
        record.reluOutput = y
      } else {
        y = z
      }
    })
    let shortcut = x
    let downsample: ConvRecord | undefined
    if (block.downsample) {
      const { z, record } = this.conv(x, block.downsample, size)
      shortcut = z
      downsample = record
    }
    const output = this.g.op1('Relu', [this.g.op1('Add', [y, shortcut])])
    return { record: { block, stage, input: x, output, convs, downsample }, size: side }
  }

  /** Weight and bias gradients of a trainable conv, from its input and dZ. */
  private convGrads(record: ConvRecord, dz: string): void {
    if (!this.trainable(record.conv)) return
    this.grads.set(`${record.conv.name}.weight`, this.ops.convWeightGrad(record.input, dz, record.geometry))
    this.grads.set(`${record.conv.name}.bias`, this.ops.convBiasGrad(dz))
  }

  /** Backward through one block from dOutput; returns dInput when asked for. */
  blockBackward(record: BlockRecord, dOutput: string, needInputGrad: boolean): string | undefined {
    const ops = this.ops
    const dSum = ops.reluGrad(dOutput, record.output)
    let dz = dSum
    let dInput: string | undefined
    for (let i = record.convs.length - 1; i >= 0; i--) {
      const conv = record.convs[i]!
      this.convGrads(conv, dz)
      if (i === 0) {
        if (needInputGrad) dInput = ops.convInputGrad(dz, conv.weight, conv.geometry)
        break
      }
      const previous = record.convs[i - 1]!
      dz = ops.reluGrad(ops.convInputGrad(dz, conv.weight, conv.geometry), previous.reluOutput!)
    }
    if (record.downsample) this.convGrads(record.downsample, dSum)
    if (!needInputGrad) return undefined
    const dShortcut = record.downsample ? ops.convInputGrad(dSum, record.downsample.weight, record.downsample.geometry) : dSum
    return this.g.op1('Add', [dInput!, dShortcut])
  }
}

/** conv1 + ReLU + max-pool; the pool's argmax indices are kept when the stem trains (its backward needs them). */
function addStem(b: TrainGraphBuilder, normalised: string, stemTrains: boolean) {
  const { spec, imageSize } = b.options
  const stem = b.conv(normalised, spec.stem, imageSize)
  const stemOut = b.g.op1('Relu', [stem.z])
  const { kernel, stride, padding } = spec.maxPool
  const pads = [padding, padding, padding, padding]
  const [pooled, poolIndices] = b.g.op('MaxPool', [stemOut], { kernel_shape: [kernel, kernel], strides: [stride, stride], pads }, stemTrains ? 2 : 1) as [string, string | undefined]
  const pooledSize = Math.floor((stem.record.geometry.outSize + 2 * padding - kernel) / stride) + 1
  return { stem, stemOut, pooled, poolIndices, pooledSize }
}

/** The head's parameters as graph inputs: Linear weight [fanIn, width] and bias, BatchNorm gamma and beta. */
function declareHeadParams(b: TrainGraphBuilder, inChannels: number): Map<string, string> {
  const { hidden, classes } = b.options
  const values = new Map<string, string>()
  let fanIn = inChannels
  ;[...hidden, classes].forEach((width, i) => {
    values.set(`head.${i}.weight`, b.paramValue(`head.${i}.weight`, [fanIn, width], true))
    values.set(`head.${i}.bias`, b.paramValue(`head.${i}.bias`, [width], true))
    if (i < hidden.length) for (const name of [`head.${i}.bn.gamma`, `head.${i}.bn.beta`]) values.set(name, b.paramValue(name, [width], true))
    fanIn = width
  })
  return values
}

/**
 * One SGD step's worth of computation as an onnxruntime graph (onnxruntime-node has no autograd):
 * normalisation, the folded-BatchNorm ResNet trunk, the SSL head and its loss, and the hand-written
 * backward of every trainable parameter. Inputs: the image batch, one-hot targets and the trainable
 * parameters (so one session serves every update); outputs: the loss and `grad:<param>` per parameter.
 * Fixed stages are constants and get no backward; gradients flow down only to the lowest trainable stage.
 */
export function buildTrainGraph(options: TrainGraphOptions): TrainGraph {
  const { spec, imageSize } = options
  const b = new TrainGraphBuilder(options)
  const g = b.g
  const image = g.input(TRAIN_IMAGE_INPUT, 'FLOAT', ['batch', imageSize, imageSize, 3])
  const targets = g.input(TRAIN_TARGETS_INPUT, 'FLOAT', ['batch', options.classes])
  const normalised = addPreprocessing(g, image, options.preprocess, 'float32')

  const stemTrains = options.trainableStages.has('stem')
  const { stem, stemOut, pooled, poolIndices, pooledSize } = addStem(b, normalised, stemTrains)
  let size = pooledSize

  const blocks: BlockRecord[] = []
  let x = pooled
  for (const stage of spec.stages) {
    for (const block of stage.blocks) {
      const built = b.block(x, block, stage.name, size)
      blocks.push(built.record)
      x = built.record.output
      size = built.size
    }
  }

  const hiddenLayers = options.hidden.length
  const head = addHeadWithLoss(g, b.ops, x, targets, declareHeadParams(b, spec.stages.at(-1)!.outChannels), hiddenLayers)
  for (const [name, grad] of head.grads) b.grads.set(name, grad)

  // walk back from the head to the lowest trainable block (or into the stem)
  const lowest = stemTrains ? 0 : blocks.findIndex((r) => options.trainableStages.has(r.stage))
  let d: string = head.featureGrad
  for (let i = blocks.length - 1; lowest >= 0 && i >= lowest; i--) d = b.blockBackward(blocks[i]!, d, i > lowest || stemTrains) ?? d
  if (stemTrains) {
    const dStem = b.ops.reluGrad(b.ops.maxPoolGrad(d, poolIndices!, stemOut), stemOut)
    b.grads.set(`${spec.stem.name}.weight`, b.ops.convWeightGrad(normalised, dStem, stem.record.geometry))
    b.grads.set(`${spec.stem.name}.bias`, b.ops.convBiasGrad(dStem))
  }

  g.namedOp('Identity', [head.loss], TRAIN_LOSS_OUTPUT)
  g.output(TRAIN_LOSS_OUTPUT, 'FLOAT', [])
  for (const name of b.params) {
    const grad = b.grads.get(name)
    if (!grad) throw new Error(`training graph: no gradient was built for "${name}"`)
    g.namedOp('Identity', [grad], gradOutput(name))
    g.output(gradOutput(name), 'FLOAT', b.paramShapes.get(name)!)
  }
  return { model: g.toBytes(), params: b.params }
}
