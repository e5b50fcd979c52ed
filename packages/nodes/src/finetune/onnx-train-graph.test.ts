import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'

import { listConvLayers } from '../backbone/architecture'
import { createRandom } from '../contract/random'
import type { FloatTensor } from '../contract/tensor'
import { createEngines } from '../engine/create-engines'
import { createOnnxSession } from '../onnx/session'
import { TINY_ARCH, tinyBackbone } from '../../test/finetune-fixtures'
import { buildTrainGraph, gradOutput, TRAIN_IMAGE_INPUT, TRAIN_LOSS_OUTPUT, TRAIN_TARGETS_INPUT } from './onnx-train-graph'
import { createSslHead, headForward, initialHeadParams, sigmoidBceLoss } from './ssl-head'
import { createTrunkParams, applyStages, applyStem, preprocessInput } from './tf-trunk'

const SIZE = 40
const COUNT = 6
const CLASSES = 3
const HIDDEN = [10, 7]
const engines = createEngines({ threads: 1 })

beforeAll(async () => {
  await tf.setBackend('cpu')
})

function maxAbs(values: ArrayLike<number>): number {
  let m = 0
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!))
  return m
}

/** Largest absolute difference relative to the largest reference value of the tensor. */
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!))
  return worst / maxAbs(expected)
}

/**
 * The bias of a Linear followed by BatchNorm (batch statistics) has a gradient that is zero in exact
 * arithmetic; both engines return rounding noise there, so it is judged by its size, not by agreement.
 */
const exactlyZero = (name: string): boolean => HIDDEN.some((_, i) => name === `head.${i}.bias`)

/** Loss and gradients from tfjs autodiff over the same trunk and head (OIHW gradients for convs). */
async function tfjsGradients(pixels: Float32Array, labels: number[], trainable: Set<string>): Promise<{ loss: number; grads: Map<string, Float32Array> }> {
  const backbone = tinyBackbone('grad')
  const trunk = createTrunkParams(tf, TINY_ARCH, backbone.weights, listConvLayers(TINY_ARCH), trainable)
  const head = createSslHead(tf, 8, CLASSES, createRandom('head'), HIDDEN)
  const vars = new Map<string, tf.Variable>(head.variables)
  for (const [name, conv] of trunk) {
    const stage = name.startsWith('layer') ? name.split('.')[0]! : 'stem'
    if (!trainable.has(stage)) continue
    vars.set(`${name}.weight`, conv.filter)
    vars.set(`${name}.bias`, conv.bias)
  }
  const names = [...vars.keys()]
  const { value, grads } = tf.variableGrads(() => {
    const x = preprocessInput(tf, tf.tensor4d(pixels, [COUNT, SIZE, SIZE, 3]), backbone.preprocess)
    const features = applyStages(tf, applyStem(tf, x, TINY_ARCH, trunk), TINY_ARCH, TINY_ARCH.stages.map((s) => s.name), trunk)
    return sigmoidBceLoss(tf, headForward(tf, features, head), labels, CLASSES)
  }, names.map((n) => vars.get(n)!))
  const out = new Map<string, Float32Array>()
  for (const name of names) {
    const g = grads[vars.get(name)!.name]!
    // HWIO (tfjs) -> OIHW (ONNX) for conv filters
    const ordered = g.rank === 4 ? tf.transpose(g, [3, 2, 0, 1]) : g
    out.set(name, Float32Array.from(await ordered.data()))
  }
  const loss = (await value.data())[0]!
  tf.dispose([value, ...Object.values(grads)])
  for (const v of [...head.variables.values(), ...[...trunk.values()].flatMap((c) => [c.filter, c.bias])]) v.dispose()
  return { loss, grads: out }
}

async function onnxGradients(pixels: Float32Array, labels: number[], trainable: Set<string>): Promise<{ loss: number; grads: Map<string, Float32Array>; params: string[] }> {
  const backbone = tinyBackbone('grad')
  const graph = buildTrainGraph({ spec: TINY_ARCH, imageSize: SIZE, preprocess: backbone.preprocess, weights: backbone.weights, trainableStages: trainable, classes: CLASSES, hidden: HIDDEN })
  const { session } = await createOnnxSession(engines, graph.model)
  const ort = await engines.onnx()
  const headParams = initialHeadParams(8, CLASSES, createRandom('head'), HIDDEN)
  const tensorOf = (t: FloatTensor) => new ort.Tensor('float32', t.data, t.shape)
  const targets = new Float32Array(COUNT * CLASSES)
  labels.forEach((label, i) => (targets[i * CLASSES + label] = 1))
  const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {
    [TRAIN_IMAGE_INPUT]: new ort.Tensor('float32', pixels, [COUNT, SIZE, SIZE, 3]),
    [TRAIN_TARGETS_INPUT]: new ort.Tensor('float32', targets, [COUNT, CLASSES]),
  }
  for (const name of graph.params) feeds[name] = tensorOf(headParams.get(name) ?? backbone.weights[name]!)
  const out = await session.run(feeds)
  const grads = new Map(graph.params.map((name) => [name, out[gradOutput(name)]!.data as Float32Array]))
  await session.release()
  return { loss: (out[TRAIN_LOSS_OUTPUT]!.data as Float32Array)[0]!, grads, params: graph.params }
}

describe('onnxruntime training graph: gradients equal tfjs autodiff (tiny random ResNet)', () => {
  const rng = createRandom('grad-pixels')
  const pixels = Float32Array.from({ length: COUNT * SIZE * SIZE * 3 }, () => rng.int(0, 255))
  const labels = [0, 1, 2, 0, 1, 2]

  for (const stages of [['layer2', 'layer3'], ['stem', 'layer1', 'layer2', 'layer3'], ['layer1', 'layer3'], []]) {
    it(`trainable ${stages.join('+') || 'head only'}: loss and every gradient to 1e-4 relative`, async () => {
      const trainable = new Set(stages)
      const expected = await tfjsGradients(pixels, labels, trainable)
      const actual = await onnxGradients(pixels, labels, trainable)
      expect(actual.params.sort()).toEqual([...expected.grads.keys()].sort())
      expect(Math.abs(actual.loss - expected.loss) / expected.loss).toBeLessThan(1e-5)
      const largest = Math.max(...[...expected.grads.values()].map(maxAbs))
      const failing = actual.params
        .map((name) => {
          const [a, e] = [actual.grads.get(name)!, expected.grads.get(name)!]
          // a zero gradient must be noise: under 1e-6 of the step's largest gradient in both engines
          return exactlyZero(name) ? ([name, 'noise', Math.max(maxAbs(a), maxAbs(e)) / largest] as const) : ([name, 'relative', relativeError(a, e)] as const)
        })
        .filter(([, kind, error]) => !(error < (kind === 'noise' ? 1e-6 : 1e-4)))
      expect(failing).toEqual([])
    })
  }
})
