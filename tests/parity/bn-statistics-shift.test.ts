import type { FloatTensor } from '@inspectflow/nodes'
import { describe, expect, it } from 'vitest'

import { conv2d, shiftBatchNormStatistics, trainModeBatchNorm } from './bn-statistics-shift'

/** A seeded stream of numbers in [-1, 1). */
function numbers(seed: number, count: number): Float32Array {
  let state = seed
  return Float32Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 1073741824 - 1
  })
}

const tensor = (shape: number[], seed: number): FloatTensor => ({ dtype: 'float32', shape, data: numbers(seed, shape.reduce((a, b) => a * b, 1)) })

describe('BatchNorm statistics shift (parity check support)', () => {
  it('convolves as the textbook sum, with zero padding and stride', () => {
    const input = { channels: 2, height: 5, width: 6, data: numbers(1, 60) }
    const weight = tensor([3, 2, 3, 3], 2)
    const out = conv2d(input, weight, 2, 1)
    expect([out.channels, out.height, out.width]).toEqual([3, 3, 3])
    const at = (c: number, y: number, x: number) => (y < 0 || x < 0 || y >= 5 || x >= 6 ? 0 : (input.data[(c * 5 + y) * 6 + x] as number))
    for (let o = 0; o < 3; o++) {
      for (let oy = 0; oy < 3; oy++) {
        for (let ox = 0; ox < 3; ox++) {
          let sum = 0
          for (let c = 0; c < 2; c++) for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) sum += (weight.data[((o * 2 + c) * 3 + ky) * 3 + kx] as number) * at(c, oy * 2 - 1 + ky, ox * 2 - 1 + kx)
          expect(out.data[(o * 3 + oy) * 3 + ox]).toBeCloseTo(sum, 5)
        }
      }
    }
  })

  it('moves the running statistics 10% toward the batch (unbiased variance) and normalises with the biased one', () => {
    const x = { channels: 1, height: 1, width: 4, data: Float32Array.from([1, 2, 3, 6]) }
    const pass = trainModeBatchNorm(x, Float32Array.from([0.5]))
    // mean 3, biased variance 3.5, unbiased 14/3
    expect(pass.runningMean[0]).toBeCloseTo(0.3, 10)
    expect(pass.runningVar[0]).toBeCloseTo(0.9 + 0.1 * (14 / 3), 10)
    expect(pass.output.data[3]).toBeCloseTo(3 / Math.sqrt(3.5 + 1e-5) + 0.5, 5)
  })

  it('folds the shifted statistics into every convolution of a trunk', () => {
    const trunk: Record<string, FloatTensor> = { 'conv1.weight': tensor([4, 3, 7, 7], 3), 'conv1.bias': tensor([4], 4) }
    for (const name of ['layer1.0.conv1', 'layer1.0.conv2']) Object.assign(trunk, { [`${name}.weight`]: tensor([4, 4, 3, 3], name.length), [`${name}.bias`]: tensor([4], 5) })
    const shifted = shiftBatchNormStatistics(trunk, 32)
    for (const name of ['conv1', 'layer1.0.conv1', 'layer1.0.conv2']) {
      expect(shifted[`${name}.weight`]?.shape).toEqual(trunk[`${name}.weight`]?.shape)
      expect(shifted[`${name}.weight`]?.data).not.toEqual(trunk[`${name}.weight`]?.data)
      expect(shifted[`${name}.bias`]?.data).not.toEqual(trunk[`${name}.bias`]?.data)
    }
    // conv1 sees the all-ones image: its shift follows from the batch statistics of that one convolution
    const conv = conv2d({ channels: 3, height: 32, width: 32, data: new Float32Array(3 * 32 * 32).fill(1) }, trunk['conv1.weight'] as FloatTensor, 2, 3)
    const pass = trainModeBatchNorm(conv, (trunk['conv1.bias'] as FloatTensor).data)
    const scale = 1 / Math.sqrt((pass.runningVar[0] as number) + 1e-5)
    expect(shifted['conv1.weight']?.data[0]).toBeCloseTo((trunk['conv1.weight']?.data[0] as number) * scale, 6)
    expect(shifted['conv1.bias']?.data[0]).toBeCloseTo((trunk['conv1.bias']?.data[0] as number) - (pass.runningMean[0] as number) * scale, 6)
  })
})
