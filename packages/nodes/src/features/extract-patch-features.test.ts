import { describe, expect, it } from 'vitest'

import { resnetArchitecture, stageTaps } from '../backbone/architecture'
import type { BackboneValue } from '../backbone/backbone-value'
import { randomBackboneWeights } from '../backbone/random-weights'
import { plainPreprocess, plainTrunkForward } from '../backbone/reference-forward'
import { CancelledError } from '../contract/errors'
import { createRandom } from '../contract/random'
import { createEngines } from '../engine/create-engines'
import type { RgbImage } from '../image/rgb-image'
import { createFeatureExtractor } from './create-extractor'
import { extractPatchFeatures } from './extract-patch-features'
import { referencePatchEmbedding } from './reference-embedding'

const SIZE = 48
const architecture = resnetArchitecture('tiny', { block: 'basic', blocksPerStage: [1, 1, 1], stemChannels: 4, planes: [4, 6, 8], widthFactor: 1, strideOnFirstConv: false })
const backbone: BackboneValue = {
  arch: 'resnet18',
  name: 'tiny',
  preprocess: { channelOrder: 'rgb', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  layers: stageTaps(architecture),
  deepestStage: 'layer3',
  weights: randomBackboneWeights(architecture, createRandom('extract')),
  weightsHash: 'tiny-extract',
  provenance: 'test',
}
const extractor = createFeatureExtractor(backbone, { layers: ['layer2', 'layer3'], patchSize: 3, pretrainEmbedDim: 16, embedDim: 16 })
const engines = createEngines({ threads: 1 })

function images(count: number): RgbImage[] {
  const rng = createRandom('images')
  return Array.from({ length: count }, () => ({ width: SIZE, height: SIZE, channels: 3 as const, data: Uint8Array.from({ length: SIZE * SIZE * 3 }, () => rng.int(0, 255)) }))
}

describe('extractPatchFeatures', () => {
  it('returns NHWC features equal to the reference embedding, whatever the batch size', async () => {
    const inputs = images(5)
    const progress: [number, number][] = []
    const batched = await extractPatchFeatures(engines, extractor, inputs, { imageSize: SIZE, batchSize: 2, architecture, onProgress: (d, t) => progress.push([d, t]) })
    const single = await extractPatchFeatures(engines, extractor, inputs, { imageSize: SIZE, batchSize: 8, architecture })
    expect(batched.shape).toEqual([5, 6, 6, 16])
    expect(progress).toEqual([[2, 5], [4, 5], [5, 5]])
    expect(batched.data.reduce((worst, v, i) => Math.max(worst, Math.abs(v - (single.data[i] as number))), 0)).toBeLessThan(1e-5)
    const last = inputs[4] as RgbImage
    const taps = plainTrunkForward(plainPreprocess(last.data, SIZE, backbone.preprocess), architecture, backbone.weights)
    const expected = referencePatchEmbedding([taps.layer2!, taps.layer3!], 3, 16, 16)
    const offset = 4 * 6 * 6 * 16
    expected.forEach((vector, location) => vector.forEach((v, d) => expect(batched.data[offset + location * 16 + d]).toBeCloseTo(v, 4)))
  })

  it('stops at the next batch once the signal fires', async () => {
    const controller = new AbortController()
    const run = extractPatchFeatures(engines, extractor, images(4), {
      imageSize: SIZE, batchSize: 1, architecture, signal: controller.signal, onProgress: (done) => done === 2 && controller.abort(),
    })
    await expect(run).rejects.toBeInstanceOf(CancelledError)
  })

  it('refuses images of the wrong size', async () => {
    const wrong: RgbImage = { width: 8, height: 8, channels: 3, data: new Uint8Array(8 * 8 * 3) }
    await expect(extractPatchFeatures(engines, extractor, [wrong], { imageSize: SIZE, architecture })).rejects.toThrow(/8x8x3, expected 48x48x3/)
  })

  it('checks the extractor settings against the backbone', () => {
    expect(() => createFeatureExtractor(backbone, { layers: ['layer5'], patchSize: 3, pretrainEmbedDim: 0, embedDim: 0 })).toThrow(/layers: .*layer5/)
    expect(() => createFeatureExtractor(backbone, { layers: ['layer2'], patchSize: 2, pretrainEmbedDim: 0, embedDim: 0 })).toThrow(/patchSize/)
    expect(createFeatureExtractor(backbone, { layers: ['layer2'], patchSize: 3, pretrainEmbedDim: 0, embedDim: 0 }).embedDim).toBe(512)
  })
})
