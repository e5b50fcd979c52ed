import type { BackwardOps } from '../onnx/backward-ops'
import type { OnnxGraphBuilder } from '../onnx/graph-builder'
import { BN_EPS } from './ssl-head'

/** What the head's forward keeps for its backward, per layer. */
interface HeadLayer {
  input: string
  weight: string
  xhat?: string
  invStd?: string
  gamma?: string
  output?: string
}

/** Graph value names of the head parameters (graph inputs), by the names the tfjs head uses. */
export type HeadParamValues = Map<string, string>

/** The loss value and the gradient of the features the head read (dFeatures, NCHW). */
export interface HeadLossGraph {
  loss: string
  featureGrad: string
  /** Gradient value per head parameter name. */
  grads: Map<string, string>
}

const axes = (g: OnnxGraphBuilder, values: number[]): string => g.int64Constant('axes', values)

/**
 * The SSL head of REB-METHOD 4 and its loss, forward and backward, as ONNX ops: global average pool,
 * Linear + BatchNorm1d (batch statistics, biased variance) + ReLU per hidden layer, a last Linear, then
 * one-vs-rest sigmoid BCE on one-hot `targets` with probabilities clamped to [1e-6, 1 - 1e-6], averaged
 * over batch x classes. The same computation as ssl-head.ts, so the two engines train alike.
 */
export function addHeadWithLoss(g: OnnxGraphBuilder, ops: BackwardOps, features: string, targets: string, params: HeadParamValues, hiddenLayers: number): HeadLossGraph {
  const param = (name: string): string => {
    const value = params.get(name)
    if (!value) throw new RangeError(`SSL head graph: no parameter "${name}"`)
    return value
  }
  const layers: HeadLayer[] = []
  let x = g.op1('ReduceMean', [features, axes(g, [2, 3])], { keepdims: 0 })
  for (let i = 0; i <= hiddenLayers; i++) {
    const weight = param(`head.${i}.weight`)
    const h = g.op1('Gemm', [x, weight, param(`head.${i}.bias`)])
    if (i === hiddenLayers) {
      layers.push({ input: x, weight })
      x = h
      break
    }
    const mean = g.op1('ReduceMean', [h, axes(g, [0])], { keepdims: 1 })
    const centred = g.op1('Sub', [h, mean])
    const variance = g.op1('ReduceMean', [g.op1('Mul', [centred, centred]), axes(g, [0])], { keepdims: 1 })
    const invStd = g.op1('Reciprocal', [g.op1('Sqrt', [g.op1('Add', [variance, g.floatConstant('bn_eps', Float32Array.of(BN_EPS), [])])])])
    const xhat = g.op1('Mul', [centred, invStd])
    const gamma = param(`head.${i}.bn.gamma`)
    const output = g.op1('Relu', [g.op1('Add', [g.op1('Mul', [xhat, gamma]), param(`head.${i}.bn.beta`)])])
    layers.push({ input: x, weight, xhat, invStd, gamma, output })
    x = output
  }
  const logits = x

  // loss: -mean(t log p + (1 - t) log(1 - p)), p = clamp(sigmoid(z))
  const s = g.op1('Sigmoid', [logits])
  const p = g.op1('Clip', [s, g.floatConstant('p_min', Float32Array.of(1e-6), []), g.floatConstant('p_max', Float32Array.of(1 - 1e-6), [])])
  const one = g.floatConstant('one', Float32Array.of(1), [])
  const perElement = g.op1('Add', [
    g.op1('Mul', [targets, g.op1('Log', [p])]),
    g.op1('Mul', [g.op1('Sub', [one, targets]), g.op1('Log', [g.op1('Sub', [one, p])])]),
  ])
  const loss = g.op1('Neg', [g.op1('ReduceMean', [perElement], { keepdims: 0 })])

  // dL/dz = (sigmoid(z) - t) / (B classes) where the clamp is inactive, 0 where it bites
  const count = g.op1('Cast', [g.op1('Size', [logits])], { to: 1 })
  const inRange = g.op1('Cast', [g.op1('Equal', [s, p])], { to: 1 })
  let d = g.op1('Mul', [g.op1('Div', [g.op1('Sub', [s, targets]), count]), inRange])

  const grads = new Map<string, string>()
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]!
    if (layer.xhat && layer.invStd && layer.gamma && layer.output) {
      // BatchNorm1d backward with batch statistics
      const da = ops.reluGrad(d, layer.output)
      grads.set(`head.${i}.bn.beta`, g.op1('ReduceSum', [da, axes(g, [0])], { keepdims: 0 }))
      grads.set(`head.${i}.bn.gamma`, g.op1('ReduceSum', [g.op1('Mul', [da, layer.xhat]), axes(g, [0])], { keepdims: 0 }))
      const dxhat = g.op1('Mul', [da, layer.gamma])
      const meanD = g.op1('ReduceMean', [dxhat, axes(g, [0])], { keepdims: 1 })
      const meanDx = g.op1('ReduceMean', [g.op1('Mul', [dxhat, layer.xhat]), axes(g, [0])], { keepdims: 1 })
      d = g.op1('Mul', [layer.invStd, g.op1('Sub', [g.op1('Sub', [dxhat, meanD]), g.op1('Mul', [layer.xhat, meanDx])])])
    }
    grads.set(`head.${i}.weight`, g.op1('Gemm', [layer.input, d], { transA: 1 }))
    grads.set(`head.${i}.bias`, g.op1('ReduceSum', [d, axes(g, [0])], { keepdims: 0 }))
    d = g.op1('Gemm', [d, layer.weight], { transB: 1 })
  }

  // global average pool backward: spread dPooled evenly over the feature map
  const area = g.op1('Cast', [g.op1('ReduceProd', [g.op1('Shape', [features], { start: 2 })], { keepdims: 0 })], { to: 1 })
  const spread = g.op1('Unsqueeze', [g.op1('Div', [d, area]), axes(g, [2, 3])])
  const featureGrad = g.op1('Expand', [spread, g.op1('Shape', [features])])
  return { loss, featureGrad, grads }
}
