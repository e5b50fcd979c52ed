import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { describe, expect, it } from 'vitest'

import { listConvLayers } from '../backbone/architecture'
import { buildBackboneOnnx } from '../features/build-backbone-onnx'
import { createRandom } from '../contract/random'
import { createEngines } from '../engine/create-engines'
import { createOnnxSession } from '../onnx/session'
import { TINY_ARCH, tinyBackbone } from '../../test/finetune-fixtures'
import { createTrunkParams, preprocessInput, trunkForward } from './tf-trunk'

const SIZE = 40
const COUNT = 2
const engines = createEngines({ threads: 1 })

/** Largest absolute difference relative to the largest reference value. */
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): { error: number; scale: number } {
  let worst = 0
  let scale = 0
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!))
    scale = Math.max(scale, Math.abs(expected[i]!))
  }
  return { error: worst / scale, scale }
}

describe('tfjs training graph vs onnxruntime inference graph (one weights dictionary)', () => {
  for (const backend of ['cpu', 'wasm']) {
    it(`agree on every stage output of a tiny random ResNet (tfjs ${backend})`, async () => {
      await tf.setBackend(backend)
      const backbone = tinyBackbone('parity')
      const rng = createRandom('parity-pixels')
      const pixels = Float32Array.from({ length: COUNT * SIZE * SIZE * 3 }, () => rng.int(0, 255))

      const model = buildBackboneOnnx(backbone, { imageSize: SIZE, taps: ['layer1', 'layer2', 'layer3'], inputType: 'float32', architecture: TINY_ARCH })
      const { session } = await createOnnxSession(engines, model)
      const ort = await engines.onnx()
      const onnxOut = await session.run({ image: new ort.Tensor('float32', pixels, [COUNT, SIZE, SIZE, 3]) })

      const params = createTrunkParams(tf, TINY_ARCH, backbone.weights, listConvLayers(TINY_ARCH), new Set())
      const tfOut = tf.tidy(() => {
        const x = preprocessInput(tf, tf.tensor4d(pixels, [COUNT, SIZE, SIZE, 3]), backbone.preprocess)
        const stages = trunkForward(tf, x, TINY_ARCH, params)
        // NHWC -> NCHW, the ONNX layout
        return Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, tf.transpose(v, [0, 3, 1, 2])]))
      })
      for (const tap of ['layer1', 'layer2', 'layer3']) {
        const expected = onnxOut[tap]!
        const actual = tfOut[tap]!
        expect(actual.shape).toEqual(expected.dims)
        const { error, scale } = relativeError(await actual.data(), expected.data as Float32Array)
        expect(scale).toBeGreaterThan(0.1)
        expect(error).toBeLessThan(1e-4)
      }
      tf.dispose(Object.values(tfOut))
      for (const p of params.values()) tf.dispose([p.filter, p.bias])
    })
  }
})
