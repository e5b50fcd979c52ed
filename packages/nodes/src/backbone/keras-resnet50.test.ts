import { describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { listConvLayers, resnetArchitecture } from './architecture'
import type { KerasLayersModel } from './keras-layers-model'
import { convertKerasResnet50, kerasNamesFor } from './keras-resnet50'

describe('Keras ResNet50 naming', () => {
  it('maps torchvision conv names to the Keras v1 layer names', () => {
    expect(kerasNamesFor('conv1')).toEqual({ conv: 'conv1', bn: 'bn_conv1' })
    expect(kerasNamesFor('layer1.0.conv1')).toEqual({ conv: 'res2a_branch2a', bn: 'bn2a_branch2a' })
    expect(kerasNamesFor('layer3.5.conv3')).toEqual({ conv: 'res4f_branch2c', bn: 'bn4f_branch2c' })
    expect(kerasNamesFor('layer2.0.downsample.0')).toEqual({ conv: 'res3a_branch1', bn: 'bn3a_branch1' })
  })
})

describe('convertKerasResnet50', () => {
  const spec = resnetArchitecture('tiny-keras', { block: 'bottleneck', blocksPerStage: [1, 1], stemChannels: 2, planes: [1, 2], widthFactor: 1, strideOnFirstConv: true })

  function fakeModel(): KerasLayersModel {
    const rng = createRandom('fake-keras')
    const model: KerasLayersModel = { layers: new Map(), weights: new Map() }
    for (const conv of listConvLayers(spec)) {
      const names = kerasNamesFor(conv.name)
      const shape = [conv.kernel, conv.kernel, conv.inChannels, conv.outChannels]
      const values = (n: number, lo: number): Float32Array => Float32Array.from({ length: n }, () => lo + rng.next())
      model.layers.set(names.conv, { className: 'Conv2D', name: names.conv, config: { filters: conv.outChannels, strides: [conv.stride, conv.stride] } })
      model.layers.set(names.bn, { className: 'BatchNormalization', name: names.bn, config: { epsilon: 0.001 } })
      model.weights.set(`${names.conv}/kernel`, { shape, data: values(shape.reduce((a, b) => a * b, 1), -0.5) })
      model.weights.set(`${names.conv}/bias`, { shape: [conv.outChannels], data: values(conv.outChannels, -0.5) })
      for (const [suffix, lo] of [['gamma', 0.5], ['beta', -0.5], ['moving_mean', -0.5], ['moving_variance', 0.5]] as const) {
        model.weights.set(`${names.bn}/${suffix}`, { shape: [conv.outChannels], data: values(conv.outChannels, lo) })
      }
    }
    return model
  }

  it('turns HWIO kernels into OIHW, folds BatchNorm with the model epsilon, and reverses the stem input to RGB', () => {
    const model = fakeModel()
    const weights = convertKerasResnet50(model, spec, 'fake')
    const w = (name: string): Float32Array => model.weights.get(name)?.data as Float32Array
    // layer1.0.conv2 is 3x3, 1 -> 1 channels here; check element (o=0, i=0, y=1, x=2) of a 3x3 kernel
    const kernel = w('res2a_branch2b/kernel')
    const scale = (w('bn2a_branch2b/gamma')[0] as number) / Math.sqrt((w('bn2a_branch2b/moving_variance')[0] as number) + 0.001)
    expect(weights['layer1.0.conv2.weight']?.data[1 * 3 + 2]).toBeCloseTo((kernel[(1 * 3 + 2) * 1 * 1] as number) * scale, 6)
    const bias = ((w('res2a_branch2b/bias')[0] as number) - (w('bn2a_branch2b/moving_mean')[0] as number)) * scale + (w('bn2a_branch2b/beta')[0] as number)
    expect(weights['layer1.0.conv2.bias']?.data[0]).toBeCloseTo(bias, 6)
    // stem: Keras input channel 0 (B) becomes torchvision input channel 2; HWIO [7,7,3,2] -> OIHW [2,3,7,7]
    const stemScale = (w('bn_conv1/gamma')[1] as number) / Math.sqrt((w('bn_conv1/moving_variance')[1] as number) + 0.001)
    const kerasIndex = ((4 * 7 + 5) * 3 + 0) * 2 + 1
    expect(weights['conv1.weight']?.data[((1 * 3 + 2) * 7 + 4) * 7 + 5]).toBeCloseTo((w('conv1/kernel')[kerasIndex] as number) * stemScale, 6)
  })

  it('reports every missing or misshapen tensor at once', () => {
    const model = fakeModel()
    model.weights.delete('res2a_branch2a/kernel')
    model.weights.set('res3a_branch1/kernel', { shape: [1, 1, 9, 9], data: new Float32Array(81) })
    model.layers.set('res3a_branch2a', { className: 'Conv2D', name: 'res3a_branch2a', config: { filters: 2, strides: [1, 1] } })
    expect(() => convertKerasResnet50(model, spec, 'fake')).toThrow(/3 problem\(s\).*res2a_branch2a\/kernel.*res3a_branch2a: 2 filters stride 1, expected 2 filters stride 2.*res3a_branch1\/kernel/)
  })
})
