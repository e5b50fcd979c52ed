import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'

import { conv2dFilterGrad, conv2dInputGrad } from './conv-filter-grad'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

async function maxDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  return (await tf.max(tf.abs(tf.sub(a, b))).data())[0]!
}

describe('convolution gradients from forward convolutions', () => {
  for (const { kernel, stride, pad, size } of [
    { kernel: 3, stride: 1, pad: 1, size: 9 },
    { kernel: 3, stride: 2, pad: 1, size: 9 },
    { kernel: 3, stride: 2, pad: 1, size: 8 },
    { kernel: 1, stride: 2, pad: 0, size: 8 },
    { kernel: 7, stride: 2, pad: 3, size: 15 },
  ]) {
    it(`match the cpu backend's own kernels (k ${kernel}, stride ${stride}, pad ${pad}, ${size}px)`, async () => {
      const x = tf.randomNormal([2, size, size, 3], 0, 1, 'float32', 1) as tf.Tensor4D
      const w = tf.randomNormal([kernel, kernel, 3, 5], 0, 1, 'float32', 2) as tf.Tensor4D
      const y = tf.conv2d(x, w, stride, pad)
      const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 3) as tf.Tensor4D
      const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad), dy)))([x, w])
      const padded = tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]]) as tf.Tensor4D
      const mineW = conv2dFilterGrad(tf, padded, dy, kernel, stride)
      const mineX = conv2dInputGrad(tf, dy, w, x.shape, stride, pad)
      expect(mineW.shape).toEqual(w.shape)
      expect(mineX.shape).toEqual(x.shape)
      expect(await maxDiff(mineW, gw!)).toBeLessThan(1e-3)
      expect(await maxDiff(mineX, gx!)).toBeLessThan(1e-3)
    })
  }
})
