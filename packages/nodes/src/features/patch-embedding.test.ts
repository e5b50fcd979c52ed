import { describe, expect, it } from 'vitest'

import { resnetArchitecture } from '../backbone/architecture'
import type { Preprocessing } from '../backbone/backbone-value'
import { buildBackboneOnnx, featuresOutput } from './build-backbone-onnx'
import { randomBackboneWeights } from '../backbone/random-weights'
import { plainPreprocess, plainTrunkForward } from '../backbone/reference-forward'
import { createRandom } from '../contract/random'
import { createEngines } from '../engine/create-engines'
import { createOnnxSession } from '../onnx/session'
import { adaptivePoolBins, type EmbeddingConv, embeddingConvs, groupedEmbeddingConv } from './embedding-weights'
import { planEmbedding } from './embedding-plan'
import { referencePatchEmbedding } from './reference-embedding'
import { writePartsNhwc } from './write-parts-nhwc'

const SIZE = 64
const engines = createEngines({ threads: 1 })
const preprocess: Preprocessing = { channelOrder: 'rgb', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }
const spec = resnetArchitecture('tiny', { block: 'basic', blocksPerStage: [1, 1, 1], stemChannels: 4, planes: [4, 6, 8], widthFactor: 1, strideOnFirstConv: false })
const weights = randomBackboneWeights(spec, createRandom('embedding-weights'))

describe('adaptivePoolBins', () => {
  it('gives the torch adaptive_avg_pool1d bins listed in REB-METHOD 5.2', () => {
    expect(adaptivePoolBins(1152, 512).slice(0, 5)).toEqual([[0, 3], [2, 5], [4, 7], [6, 9], [9, 12]])
    expect(adaptivePoolBins(2304, 512).slice(0, 3)).toEqual([[0, 5], [4, 9], [9, 14]])
    expect(adaptivePoolBins(1024, 512).slice(0, 2)).toEqual([[0, 2], [2, 4]])
  })
})

describe('groupedEmbeddingConv', () => {
  const expand = (conv: EmbeddingConv, groups: number, weight: Float32Array): Float32Array => {
    const width = conv.channels / groups
    const perGroup = conv.outCount / groups
    const dense = new Float32Array(conv.outCount * conv.channels * 9)
    for (let o = 0; o < conv.outCount; o++) {
      const first = Math.floor(o / perGroup) * width
      dense.set(weight.subarray(o * width * 9, (o + 1) * width * 9), (o * conv.channels + first) * 9)
    }
    return dense
  }
  const cases = [
    { name: 'ResNet18', channels: [128, 256], dim: 512, groups: [128, 256] },
    { name: 'Wide ResNet50 / ResNet50', channels: [512, 1024], dim: 1024, groups: [512, 512] },
  ]
  for (const c of cases) {
    it(`finds the block-diagonal form of the ${c.name} embedding and it equals the dense weight`, () => {
      const convs = embeddingConvs({ channels: c.channels, patchSize: 3, pretrainDim: c.dim, embedDim: c.dim })
      convs.forEach((conv, i) => {
        const grouped = groupedEmbeddingConv(conv, 3)
        expect(grouped?.groups).toBe(c.groups[i])
        const dense = expand(conv, grouped!.groups, grouped!.weight)
        // compared in a loop: deep equality of multi-million-element arrays is very slow
        expect(dense.every((v, k) => v === conv.weight[k])).toBe(true)
      })
    })
  }
  it('gives up when outputs read across groups', () => {
    const [conv] = embeddingConvs({ channels: [6], patchSize: 3, pretrainDim: 7, embedDim: 7 })
    expect(groupedEmbeddingConv(conv!, 3)).toBeUndefined()
  })
})

describe('patch embedding in the ONNX graph', () => {
  const cases = [
    { name: 'pairs (embedDim = pretrainDim, the REB setting)', layers: ['layer2', 'layer3'], pretrainDim: 12, embedDim: 12, patchSize: 3 },
    { name: 'two outputs per layer2 channel, as ResNet18 at 512', layers: ['layer2', 'layer3'], pretrainDim: 24, embedDim: 24, patchSize: 3 },
    { name: 'merge bins straddling the two layers', layers: ['layer2', 'layer3'], pretrainDim: 11, embedDim: 7, patchSize: 3 },
    { name: 'one layer, 5x5 neighbourhood', layers: ['layer2'], pretrainDim: 20, embedDim: 9, patchSize: 5 },
    { name: 'three layers', layers: ['layer1', 'layer2', 'layer3'], pretrainDim: 10, embedDim: 10, patchSize: 3 },
  ]
  for (const c of cases) {
    it(`equals the step-by-step reference: ${c.name}`, async () => {
      const rng = createRandom(c.name)
      const images = Uint8Array.from({ length: 2 * SIZE * SIZE * 3 }, () => rng.int(0, 255))
      const model = buildBackboneOnnx({ arch: 'resnet18', weights, preprocess }, {
        imageSize: SIZE, taps: c.layers, architecture: spec, embedding: { patchSize: c.patchSize, pretrainDim: c.pretrainDim, embedDim: c.embedDim },
      })
      const { session } = await createOnnxSession(engines, model)
      const ort = await engines.onnx()
      const result = await session.run({ image: new ort.Tensor('uint8', images, [2, SIZE, SIZE, 3]) })
      const grid = SIZE / (c.layers[0] === 'layer1' ? 4 : 8)
      const channels = c.layers.map((l) => spec.stages.find((s) => s.name === l)!.outChannels)
      const plan = planEmbedding({ channels, patchSize: c.patchSize, pretrainDim: c.pretrainDim, embedDim: c.embedDim })
      const parts = plan.parts.map((part, i) => {
        const out = result[featuresOutput(i)]
        expect(out?.dims).toEqual([2, part.finalChannels.length, grid, grid])
        return out!.data as Float32Array
      })
      const data = new Float32Array(2 * grid * grid * c.embedDim).fill(Number.NaN)
      writePartsNhwc(parts, plan, 2, grid * grid, data, 0)
      let worst = 0
      let scale = 0
      for (let n = 0; n < 2; n++) {
        const pixels = images.subarray(n * SIZE * SIZE * 3, (n + 1) * SIZE * SIZE * 3)
        const taps = plainTrunkForward(plainPreprocess(pixels, SIZE, preprocess), spec, weights)
        const expected = referencePatchEmbedding(c.layers.map((l) => taps[l]!), c.patchSize, c.pretrainDim, c.embedDim)
        expected.forEach((vector, location) => {
          vector.forEach((v, d) => {
            worst = Math.max(worst, Math.abs((data[(n * grid * grid + location) * c.embedDim + d] as number) - v))
            scale = Math.max(scale, Math.abs(v))
          })
        })
      }
      expect(scale).toBeGreaterThan(0.05)
      expect(worst / scale).toBeLessThan(1e-4)
    })
  }
})
