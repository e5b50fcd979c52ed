import type * as tfType from '@tensorflow/tfjs'

import type { SeededRandom } from '../contract/random'
import type { FloatTensor } from '../contract/tensor'

type Tf = typeof tfType

/** BatchNorm1d epsilon of PyTorch. */
export const BN_EPS = 1e-5

/**
 * The SSL classification head (REB-METHOD 4, `DenseHead`): global average pool of the deepest stage,
 * Linear(C -> 512) + BatchNorm1d + ReLU -> Linear(512 -> 256) + BatchNorm1d + ReLU -> Linear(256 -> classes).
 * The head is trained with the trunk and thrown away afterwards; its BatchNorm uses batch statistics.
 */
export interface SslHead {
  variables: Map<string, tfType.Variable>
  hidden: number[]
  classes: number
}

/** PyTorch's default Linear init: U(-1/sqrt(fanIn), 1/sqrt(fanIn)) for weight and bias, seeded. */
function linearInit(rng: SeededRandom, fanIn: number, count: number): Float32Array {
  const bound = 1 / Math.sqrt(fanIn)
  return Float32Array.from({ length: count }, () => rng.uniform(-bound, bound))
}

/** The head's initial parameters by name (weights [fanIn, width], tfjs layout), drawn from `rng` in a fixed order. */
export function initialHeadParams(inChannels: number, classes: number, rng: SeededRandom, hidden: number[] = [512, 256]): Map<string, FloatTensor> {
  const params = new Map<string, FloatTensor>()
  const tensor = (data: Float32Array, shape: number[]): FloatTensor => ({ dtype: 'float32', shape, data })
  let fanIn = inChannels
  const widths = [...hidden, classes]
  widths.forEach((width, i) => {
    params.set(`head.${i}.weight`, tensor(linearInit(rng, fanIn, fanIn * width), [fanIn, width]))
    params.set(`head.${i}.bias`, tensor(linearInit(rng, fanIn, width), [width]))
    if (i < hidden.length) {
      params.set(`head.${i}.bn.gamma`, tensor(new Float32Array(width).fill(1), [width]))
      params.set(`head.${i}.bn.beta`, tensor(new Float32Array(width), [width]))
    }
    fanIn = width
  })
  return params
}

/** Creates the head's variables for `inChannels` features and `classes` outputs. */
export function createSslHead(tf: Tf, inChannels: number, classes: number, rng: SeededRandom, hidden: number[] = [512, 256]): SslHead {
  const variables = new Map<string, tfType.Variable>()
  for (const [name, p] of initialHeadParams(inChannels, classes, rng, hidden)) {
    // variables outlive tidy; the initial tensors do not
    tf.tidy(() => void variables.set(name, tf.variable(tf.tensor(p.data as Float32Array, p.shape), true)))
  }
  return { variables, hidden, classes }
}

function variable(head: SslHead, name: string): tfType.Variable {
  const v = head.variables.get(name)
  if (!v) throw new RangeError(`SSL head: no variable "${name}"`)
  return v
}

/** Logits [B, classes] from the deepest stage's feature map [B, H, W, C]. */
export function headForward(tf: Tf, features: tfType.Tensor4D, head: SslHead): tfType.Tensor2D {
  let x: tfType.Tensor2D = tf.mean(features, [1, 2])
  const layers = head.hidden.length + 1
  for (let i = 0; i < layers; i++) {
    x = tf.add(tf.matMul(x, variable(head, `head.${i}.weight`) as tfType.Tensor2D), variable(head, `head.${i}.bias`)) as tfType.Tensor2D
    if (i === layers - 1) break
    const { mean, variance } = tf.moments(x, 0)
    const normalised = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, BN_EPS)))
    x = tf.relu(tf.add(tf.mul(normalised, variable(head, `head.${i}.bn.gamma`)), variable(head, `head.${i}.bn.beta`))) as tfType.Tensor2D
  }
  return x
}

/**
 * `SigCELoss`: one-vs-rest sigmoid binary cross-entropy on one-hot targets, probabilities clamped to
 * [1e-6, 1 - 1e-6], averaged over batch x classes (not softmax cross-entropy).
 */
export function sigmoidBceLoss(tf: Tf, logits: tfType.Tensor2D, labels: number[], classes: number): tfType.Scalar {
  const targets = tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat()
  const p = tf.clipByValue(tf.sigmoid(logits), 1e-6, 1 - 1e-6)
  const perElement = tf.add(tf.mul(targets, tf.log(p)), tf.mul(tf.sub(1, targets), tf.log(tf.sub(1, p))))
  return tf.neg(tf.mean(perElement)) as tfType.Scalar
}
