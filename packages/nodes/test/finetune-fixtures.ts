import { resnetArchitecture } from '../src/backbone/architecture'
import type { BackboneValue } from '../src/backbone/backbone-value'
import { randomBackboneWeights } from '../src/backbone/random-weights'
import { createRandom } from '../src/contract/random'
import { createSamplePool, type SamplePool } from '../src/defectmaker/sample-pool'
import { syntheticImage } from '../src/defectmaker/test-images'

/** A tiny basic-block ResNet (3 stages, 4-8 channels) for fast training tests. */
export const TINY_ARCH = resnetArchitecture('tiny-basic', {
  block: 'basic', blocksPerStage: [1, 1, 1], stemChannels: 4, planes: [4, 6, 8], widthFactor: 1, strideOnFirstConv: false,
})

/** A backbone value over the tiny architecture with seeded random weights. */
export function tinyBackbone(seed: string): BackboneValue {
  return {
    arch: 'resnet18',
    name: 'tiny-random',
    preprocess: { channelOrder: 'rgb', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
    layers: { layer1: { channels: 4, stride: 4 }, layer2: { channels: 6, stride: 8 }, layer3: { channels: 8, stride: 16 } },
    deepestStage: 'layer3',
    weights: randomBackboneWeights(TINY_ARCH, createRandom(seed)),
    weightsHash: `random-${seed}`,
    provenance: 'seeded random weights (test)',
  }
}

/** A pool of small synthetic images (40 px: large enough for the reference's absolute scar sizes). */
export function tinyPool(seed: string, count = 4, size = 40): SamplePool {
  const rng = createRandom(seed)
  return createSamplePool(Array.from({ length: count }, () => syntheticImage(size, rng)))
}
