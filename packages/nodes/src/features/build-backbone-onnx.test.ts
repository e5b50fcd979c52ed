import { describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { createEngines } from '../engine/create-engines'
import { createOnnxSession } from '../onnx/session'
import { type ArchitectureSpec, resnetArchitecture } from '../backbone/architecture'
import type { Preprocessing } from '../backbone/backbone-value'
import { buildBackboneOnnx } from './build-backbone-onnx'
import { randomBackboneWeights } from '../backbone/random-weights'
import { plainPreprocess, plainTrunkForward } from '../backbone/reference-forward'

const SIZE = 40
const engines = createEngines({ threads: 1 })
const torchPreprocess: Preprocessing = { channelOrder: 'rgb', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }
const caffeBgr: Preprocessing = { channelOrder: 'bgr', scale: 1, mean: [103.9, 116.8, 123.7], std: [1, 1, 1] }

const tinyBasic = resnetArchitecture('tiny-basic', {
  block: 'basic', blocksPerStage: [1, 2, 1], stemChannels: 4, planes: [4, 6, 8], widthFactor: 1, strideOnFirstConv: false,
})
const tinyKerasBottleneck = resnetArchitecture('tiny-keras', {
  block: 'bottleneck', blocksPerStage: [1, 2, 1], stemChannels: 4, planes: [2, 3, 4], widthFactor: 1, strideOnFirstConv: true,
})

function randomImages(count: number, seed: string): Uint8Array {
  const rng = createRandom(seed)
  return Uint8Array.from({ length: count * SIZE * SIZE * 3 }, () => rng.int(0, 255))
}

async function runOnnx(spec: ArchitectureSpec, preprocess: Preprocessing, images: Uint8Array, count: number, inputType: 'uint8' | 'float32') {
  const weights = randomBackboneWeights(spec, createRandom(`weights-${spec.arch}`))
  const model = buildBackboneOnnx({ arch: 'resnet18', weights, preprocess }, { imageSize: SIZE, taps: ['layer1', 'layer3', 'layer2'], inputType, architecture: spec })
  const { session } = await createOnnxSession(engines, model)
  const ort = await engines.onnx()
  const input = inputType === 'uint8' ? new ort.Tensor('uint8', images, [count, SIZE, SIZE, 3]) : new ort.Tensor('float32', Float32Array.from(images), [count, SIZE, SIZE, 3])
  return { outputs: await session.run({ image: input }), weights }
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length)
  let worst = 0
  let scale = 0
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)))
    scale = Math.max(scale, Math.abs(expected[i] as number))
  }
  expect(scale).toBeGreaterThan(0.1)
  expect(worst / scale).toBeLessThan(1e-4)
}

describe('buildBackboneOnnx', () => {
  const cases = [
    { name: 'basic blocks, torchvision normalisation, uint8 input', spec: tinyBasic, preprocess: torchPreprocess, inputType: 'uint8' as const },
    { name: 'Keras bottlenecks (stride on the first 1x1), BGR caffe input, float input', spec: tinyKerasBottleneck, preprocess: caffeBgr, inputType: 'float32' as const },
  ]
  for (const c of cases) {
    it(`matches a plain JS convolution forward pass: ${c.name}`, async () => {
      const images = randomImages(2, c.name)
      const { outputs, weights } = await runOnnx(c.spec, c.preprocess, images, 2, c.inputType)
      for (let n = 0; n < 2; n++) {
        const pixels = images.subarray(n * SIZE * SIZE * 3, (n + 1) * SIZE * SIZE * 3)
        const expected = plainTrunkForward(plainPreprocess(pixels, SIZE, c.preprocess), c.spec, weights)
        for (const tap of ['layer1', 'layer2', 'layer3']) {
          const out = outputs[tap]
          const ref = expected[tap]
          if (!out || !ref) throw new Error(`no ${tap}`)
          expect(out.dims).toEqual([2, ref.channels, ref.size, ref.size])
          const per = ref.channels * ref.size * ref.size
          expectClose((out.data as Float32Array).subarray(n * per, (n + 1) * per), ref.data)
        }
      }
    })
  }

  it('stops after the deepest tap and rejects unknown taps', () => {
    const weights = randomBackboneWeights(tinyBasic, createRandom('w'))
    const shallow = buildBackboneOnnx({ arch: 'resnet18', weights, preprocess: torchPreprocess }, { imageSize: SIZE, taps: ['layer1'], architecture: tinyBasic })
    const deep = buildBackboneOnnx({ arch: 'resnet18', weights, preprocess: torchPreprocess }, { imageSize: SIZE, taps: ['layer3'], architecture: tinyBasic })
    expect(shallow.length).toBeLessThan(deep.length)
    expect(() => buildBackboneOnnx({ arch: 'resnet18', weights, preprocess: torchPreprocess }, { imageSize: SIZE, taps: ['layer9'], architecture: tinyBasic })).toThrow(/layer9/)
  })
})
