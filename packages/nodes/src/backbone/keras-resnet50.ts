import { NodeInputError } from '../contract/errors'
import type { FloatTensor } from '../contract/tensor'
import { type ArchitectureSpec, type ConvSpec, listConvLayers } from './architecture'
import { foldBatchNorm } from './fold-batchnorm'
import type { KerasLayersModel } from './keras-layers-model'

/** Keras layer names of the conv and the BatchNorm that follows it, for one torchvision conv name. */
export function kerasNamesFor(convName: string): { conv: string; bn: string } {
  if (convName === 'conv1') return { conv: 'conv1', bn: 'bn_conv1' }
  const match = /^layer(\d)\.(\d+)\.(conv(\d)|downsample\.0)$/.exec(convName)
  if (!match) throw new RangeError(`no Keras ResNet50 layer for "${convName}"`)
  const stage = Number(match[1]) + 1
  const block = String.fromCharCode('a'.charCodeAt(0) + Number(match[2]))
  const branch = match[4] ? `2${String.fromCharCode('a'.charCodeAt(0) + Number(match[4]) - 1)}` : '1'
  return { conv: `res${stage}${block}_branch${branch}`, bn: `bn${stage}${block}_branch${branch}` }
}

/** Keras HWIO kernel -> OIHW; optionally reverses the input channels (BGR-trained stem -> RGB input). */
function hwioToOihw(data: Float32Array, [h, w, cin, cout]: number[], reverseInput: boolean): Float32Array {
  const [kh, kw, ci, co] = [h as number, w as number, cin as number, cout as number]
  const out = new Float32Array(data.length)
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++) {
          const target = reverseInput ? ci - 1 - i : i
          out[((o * ci + target) * kh + y) * kw + x] = data[((y * kw + x) * ci + i) * co + o] as number
        }
  return out
}

function checkLayerConfig(model: KerasLayersModel, conv: ConvSpec, kerasName: string, problems: string[]): void {
  const config = model.layers.get(kerasName)?.config
  if (!config) {
    problems.push(`missing layer ${kerasName} (for ${conv.name})`)
    return
  }
  const strides = config.strides as number[] | undefined
  if (config.filters !== conv.outChannels || strides?.[0] !== conv.stride) {
    problems.push(`${kerasName}: ${String(config.filters)} filters stride ${String(strides?.[0])}, expected ${conv.outChannels} filters stride ${conv.stride}`)
  }
}

function convertConv(model: KerasLayersModel, conv: ConvSpec, problems: string[]): { weight: FloatTensor; bias: FloatTensor } | undefined {
  const names = kerasNamesFor(conv.name)
  checkLayerConfig(model, conv, names.conv, problems)
  const kernel = model.weights.get(`${names.conv}/kernel`)
  const expected = [conv.kernel, conv.kernel, conv.inChannels, conv.outChannels]
  if (!kernel || kernel.shape.join() !== expected.join()) {
    problems.push(`${names.conv}/kernel: expected [${expected.join(', ')}], found ${kernel ? `[${kernel.shape.join(', ')}]` : 'nothing'}`)
    return undefined
  }
  const bnTensor = (suffix: string): Float32Array | undefined => model.weights.get(`${names.bn}/${suffix}`)?.data
  const [gamma, beta, mean, variance] = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map(bnTensor)
  if (!gamma || !beta || !mean || !variance || gamma.length !== conv.outChannels) {
    problems.push(`${names.bn}: expected gamma, beta, moving_mean and moving_variance of [${conv.outChannels}]`)
    return undefined
  }
  // Keras' BatchNormalization default; this model.json sets 0.001 on every BN layer
  const eps = Number(model.layers.get(names.bn)?.config.epsilon ?? 1e-3)
  const weight: FloatTensor = {
    dtype: 'float32',
    shape: [conv.outChannels, conv.inChannels, conv.kernel, conv.kernel],
    data: hwioToOihw(kernel.data, kernel.shape, conv.name === 'conv1'),
  }
  return foldBatchNorm(weight, model.weights.get(`${names.conv}/bias`)?.data, { gamma, beta, mean, variance, eps })
}

/**
 * Converts the Keras ResNet50 v1 (tfjs layers-model) weights into the folded, torchvision-named
 * dictionary of `spec`. The stem kernel's input channels are reversed so the network takes RGB:
 * caffe preprocessing then reduces to subtracting the mean in RGB order.
 */
export function convertKerasResnet50(model: KerasLayersModel, spec: ArchitectureSpec, source: string): Record<string, FloatTensor> {
  const problems: string[] = []
  const weights: Record<string, FloatTensor> = {}
  for (const conv of listConvLayers(spec)) {
    const converted = convertConv(model, conv, problems)
    if (!converted) continue
    weights[`${conv.name}.weight`] = converted.weight
    weights[`${conv.name}.bias`] = converted.bias
  }
  if (problems.length > 0) {
    throw new NodeInputError('model', `Keras ResNet50 v1 layers in ${source}`, `${problems.length} problem(s): ${problems.join('; ')}`)
  }
  return weights
}
