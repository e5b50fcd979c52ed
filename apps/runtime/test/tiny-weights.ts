import { encodeSafetensors, type FloatTensor } from '@inspectflow/nodes'

import { describeArchitecture, truncateArchitecture } from '../../../packages/nodes/src/backbone/architecture'
import { randomBackboneWeights } from '../../../packages/nodes/src/backbone/random-weights'
import { createRandom } from '../../../packages/nodes/src/contract/random'

/** A seeded random-weight ResNet18 trunk (conv1..layer3, BatchNorm folded, torchvision names), as bytes. */
export function tinyResnet18Bytes(seed = 'weights-pull', edit?: (weights: Record<string, FloatTensor>) => void): Buffer {
  const weights = randomBackboneWeights(truncateArchitecture(describeArchitecture('resnet18'), 'layer3'), createRandom(seed))
  edit?.(weights)
  return encodeSafetensors(weights, { batchnorm: 'folded' })
}
