import { describe, expect, it } from 'vitest'

import { NodeInputError } from '../contract/errors'
import { createRandom } from '../contract/random'
import type { FloatTensor, Tensor } from '../contract/tensor'
import { listConvLayers, resnetArchitecture } from './architecture'
import { torchvisionBatchNormName } from './fold-batchnorm'
import { prepareTorchvisionWeights } from './prepare-weights'

const spec = resnetArchitecture('tiny', { block: 'basic', blocksPerStage: [1, 1, 1, 1], stemChannels: 2, planes: [2, 3, 4, 5], widthFactor: 1, strideOnFirstConv: false })
const tensor = (shape: number[], fill: () => number): FloatTensor => ({ dtype: 'float32', shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, fill) })

/** A torchvision-style state dict with separate BatchNorm, up to `lastStage`. */
function unfoldedStateDict(lastStage: number): Record<string, Tensor> {
  const rng = createRandom('state-dict')
  const dict: Record<string, Tensor> = { 'fc.weight': tensor([3, 5], () => 1) }
  for (const conv of listConvLayers(spec)) {
    const stage = /^layer(\d)/.exec(conv.name)
    if (stage && Number(stage[1]) > lastStage) continue
    dict[`${conv.name}.weight`] = tensor([conv.outChannels, conv.inChannels, conv.kernel, conv.kernel], () => rng.normal())
    const bn = torchvisionBatchNormName(conv.name)
    dict[`${bn}.weight`] = tensor([conv.outChannels], () => rng.uniform(0.5, 1.5))
    dict[`${bn}.bias`] = tensor([conv.outChannels], () => rng.normal())
    dict[`${bn}.running_mean`] = tensor([conv.outChannels], () => rng.normal())
    dict[`${bn}.running_var`] = tensor([conv.outChannels], () => rng.uniform(0.1, 2))
    dict[`${bn}.num_batches_tracked`] = { dtype: 'int32', shape: [], data: new Int32Array([7]) }
  }
  return dict
}

describe('prepareTorchvisionWeights', () => {
  it('folds separate BatchNorm into each conv with eps 1e-5', () => {
    const dict = unfoldedStateDict(3)
    const { weights, deepestStage } = prepareTorchvisionWeights(dict, spec, { requiredStage: 'layer3', source: 'test.safetensors' })
    expect(deepestStage).toBe('layer3')
    const get = (name: string): Float32Array => dict[name]?.data as Float32Array
    for (const [conv, bn] of [['conv1', 'bn1'], ['layer2.0.conv2', 'layer2.0.bn2'], ['layer3.0.downsample.0', 'layer3.0.downsample.1']] as const) {
      const o = 1
      const scale = (get(`${bn}.weight`)[o] as number) / Math.sqrt((get(`${bn}.running_var`)[o] as number) + 1e-5)
      const perChannel = (dict[`${conv}.weight`]?.data.length as number) / (dict[`${conv}.weight`]?.shape[0] as number)
      expect(weights[`${conv}.weight`]?.data[o * perChannel + 1]).toBeCloseTo((get(`${conv}.weight`)[o * perChannel + 1] as number) * scale, 5)
      expect(weights[`${conv}.bias`]?.data[o]).toBeCloseTo((get(`${bn}.bias`)[o] as number) - (get(`${bn}.running_mean`)[o] as number) * scale, 5)
    }
    expect(weights['fc.weight']).toBeUndefined()
  })

  it('keeps already-folded weights as they are and finds the deepest stage present', () => {
    const folded = prepareTorchvisionWeights(unfoldedStateDict(4), spec, { requiredStage: 'layer3', source: 'a' })
    expect(folded.deepestStage).toBe('layer4')
    const again = prepareTorchvisionWeights(folded.weights, spec, { requiredStage: 'layer3', source: 'b' })
    expect(again.deepestStage).toBe('layer4')
    expect(again.weights['layer4.0.conv1.bias']?.data).toEqual(folded.weights['layer4.0.conv1.bias']?.data)
  })

  it('reports every missing and misshapen tensor by name in one error naming the file', () => {
    const dict = unfoldedStateDict(2)
    dict['layer1.0.conv1.weight'] = tensor([2, 2, 1, 1], () => 0)
    delete dict['layer2.0.bn1.running_var']
    let error: unknown
    try {
      prepareTorchvisionWeights(dict, spec, { requiredStage: 'layer3', source: '/data/r18.safetensors' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(NodeInputError)
    const message = (error as Error).message
    expect(message).toContain('/data/r18.safetensors')
    expect(message).toContain('layer1.0.conv1.weight has shape [2, 2, 1, 1], expected [2, 2, 3, 3]')
    expect(message).toContain('layer2.0.bn1: expected weight, bias, running_mean and running_var of [3]')
    for (const name of ['layer3.0.conv1.weight', 'layer3.0.conv2.weight', 'layer3.0.downsample.0.weight']) expect(message).toContain(`missing ${name}`)
    expect(message).toMatch(/^weightsPath: /)
  })
})
