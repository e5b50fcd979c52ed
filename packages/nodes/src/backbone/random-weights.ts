import type { SeededRandom } from '../contract/random'
import type { FloatTensor } from '../contract/tensor'
import { type ArchitectureSpec, listConvLayers } from './architecture'

/**
 * Seeded He-initialised folded weights for any architecture: tiny networks in tests and engine parity
 * checks need real-looking weights without a file. Biases are small so that ReLUs are not all dead.
 */
export function randomBackboneWeights(spec: ArchitectureSpec, rng: SeededRandom): Record<string, FloatTensor> {
  const weights: Record<string, FloatTensor> = {}
  for (const conv of listConvLayers(spec)) {
    const fanIn = conv.inChannels * conv.kernel * conv.kernel
    const std = Math.sqrt(2 / fanIn)
    const shape = [conv.outChannels, conv.inChannels, conv.kernel, conv.kernel]
    const data = Float32Array.from({ length: fanIn * conv.outChannels }, () => rng.normal() * std)
    weights[`${conv.name}.weight`] = { dtype: 'float32', shape, data }
    weights[`${conv.name}.bias`] = { dtype: 'float32', shape: [conv.outChannels], data: Float32Array.from({ length: conv.outChannels }, () => rng.normal() * 0.1) }
  }
  return weights
}
