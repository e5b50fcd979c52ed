/**
 * The reference implementation's BatchNorm quirk (REB-METHOD.md section 11 item 13), reproduced for the
 * parity check only: while building its network the reference pushes one all-ones 256x256 image through
 * the fresh, train-mode ResNet, so every BatchNorm's running statistics move 10% (momentum 0.1) toward that
 * batch's statistics, and its later eval-mode features use the shifted values. The product's clean eval
 * features are the correct ones; this file exists so a check can compare every number with the fixture.
 *
 * The input is a trunk with BatchNorm folded into the convolutions (`<conv>.weight`, `<conv>.bias`), which
 * the reference holds as conv (no bias) + BatchNorm(gamma 1, beta = bias, mean 0, var 1). The output is the
 * same trunk with the shifted eval BatchNorm folded in again, for the product's own loader.
 */
import type { FloatTensor } from '@inspectflow/nodes'

const MOMENTUM = 0.1
const EPS = 1e-5

/** A feature map of one image, channel-major. */
interface Planes {
  channels: number
  height: number
  width: number
  data: Float32Array
}

/** A plain 2-D convolution without bias (the bias is the BatchNorm's beta), zero padding. */
export function conv2d(input: Planes, weight: FloatTensor, stride: number, pad: number): Planes {
  const [outChannels, inChannels, kh, kw] = weight.shape as [number, number, number, number]
  if (inChannels !== input.channels) throw new Error(`conv2d: weight expects ${inChannels} input channels, received ${input.channels}`)
  const height = Math.floor((input.height + 2 * pad - kh) / stride) + 1
  const width = Math.floor((input.width + 2 * pad - kw) / stride) + 1
  const out = new Float32Array(outChannels * height * width)
  const acc = new Float64Array(height * width)
  for (let o = 0; o < outChannels; o++) {
    acc.fill(0)
    for (let c = 0; c < inChannels; c++) {
      const plane = c * input.height * input.width
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++) {
          const w = weight.data[((o * inChannels + c) * kh + ky) * kw + kx] as number
          // output columns whose input column lies inside the image
          const xFrom = Math.max(0, Math.ceil((pad - kx) / stride))
          const xTo = Math.min(width, Math.floor((input.width - 1 + pad - kx) / stride) + 1)
          for (let oy = 0; oy < height; oy++) {
            const iy = oy * stride - pad + ky
            if (iy < 0 || iy >= input.height) continue
            const row = plane + iy * input.width - pad + kx
            const outRow = oy * width
            for (let ox = xFrom; ox < xTo; ox++) acc[outRow + ox] = (acc[outRow + ox] as number) + w * (input.data[row + ox * stride] as number)
          }
        }
      }
    }
    out.set(acc, o * height * width)
  }
  return { channels: outChannels, height, width, data: out }
}

/** The running statistics one train-mode BatchNorm pass leaves behind, and the pass's output. */
export interface BatchNormPass {
  output: Planes
  runningMean: Float64Array
  runningVar: Float64Array
}

/**
 * Train-mode BatchNorm over one image (batch statistics over H x W, biased variance for the output,
 * unbiased for the running variance, as torch does), starting from mean 0 and variance 1.
 */
export function trainModeBatchNorm(x: Planes, beta: Float32Array): BatchNormPass {
  const n = x.height * x.width
  const output = new Float32Array(x.data.length)
  const runningMean = new Float64Array(x.channels)
  const runningVar = new Float64Array(x.channels)
  for (let c = 0; c < x.channels; c++) {
    const plane = x.data.subarray(c * n, (c + 1) * n)
    let sum = 0
    for (const v of plane) sum += v
    const mean = sum / n
    let squares = 0
    for (const v of plane) squares += (v - mean) * (v - mean)
    const inv = 1 / Math.sqrt(squares / n + EPS)
    for (let i = 0; i < n; i++) output[c * n + i] = ((plane[i] as number) - mean) * inv + (beta[c] as number)
    runningMean[c] = (1 - MOMENTUM) * 0 + MOMENTUM * mean
    runningVar[c] = (1 - MOMENTUM) * 1 + MOMENTUM * (squares / (n - 1))
  }
  return { output: { ...x, data: output }, runningMean, runningVar }
}

function relu(x: Planes): Planes {
  return { ...x, data: x.data.map((v) => (v > 0 ? v : 0)) }
}

function add(a: Planes, b: Planes): Planes {
  return { ...a, data: a.data.map((v, i) => v + (b.data[i] as number)) }
}

/** 3x3 max pooling, stride 2, padding 1 (padding never wins). */
function maxPool(x: Planes): Planes {
  const height = Math.floor((x.height + 2 - 3) / 2) + 1
  const width = Math.floor((x.width + 2 - 3) / 2) + 1
  const out = new Float32Array(x.channels * height * width)
  for (let c = 0; c < x.channels; c++) {
    for (let oy = 0; oy < height; oy++) {
      for (let ox = 0; ox < width; ox++) {
        let best = Number.NEGATIVE_INFINITY
        for (let ky = 0; ky < 3; ky++) {
          const iy = oy * 2 - 1 + ky
          if (iy < 0 || iy >= x.height) continue
          for (let kx = 0; kx < 3; kx++) {
            const ix = ox * 2 - 1 + kx
            if (ix >= 0 && ix < x.width) best = Math.max(best, x.data[(c * x.height + iy) * x.width + ix] as number)
          }
        }
        out[(c * height + oy) * width + ox] = best
      }
    }
  }
  return { channels: x.channels, height, width, data: out }
}

/**
 * Pushes one all-ones image of `size` through conv1..layer3 of a folded ResNet18/34 trunk in train mode
 * and returns the trunk with each convolution's shifted eval BatchNorm folded in:
 * weight / sqrt(var + eps) and bias - mean / sqrt(var + eps). Layer4 is left out: it comes after every
 * tapped layer, so its statistics change no feature.
 */
export function shiftBatchNormStatistics(weights: Record<string, FloatTensor>, size = 256): Record<string, FloatTensor> {
  const shifted: Record<string, FloatTensor> = { ...weights }
  const conv = (name: string, input: Planes, stride: number, pad: number): Planes => {
    const weight = weights[`${name}.weight`]
    const bias = weights[`${name}.bias`]
    if (!weight || !bias) throw new Error(`BatchNorm shift: the trunk has no folded "${name}.weight" and "${name}.bias"`)
    const pass = trainModeBatchNorm(conv2d(input, weight, stride, pad), bias.data)
    shifted[`${name}.weight`] = scaledWeight(weight, pass)
    shifted[`${name}.bias`] = shiftedBias(bias, pass)
    return pass.output
  }
  const ones: Planes = { channels: 3, height: size, width: size, data: new Float32Array(3 * size * size).fill(1) }
  let x = maxPool(relu(conv('conv1', ones, 2, 3)))
  for (const [layer, stride] of [['layer1', 1], ['layer2', 2], ['layer3', 2]] as const) {
    for (let block = 0; weights[`${layer}.${block}.conv1.weight`]; block++) {
      const prefix = `${layer}.${block}`
      const s = block === 0 ? stride : 1
      const inner = conv(`${prefix}.conv2`, relu(conv(`${prefix}.conv1`, x, s, 1)), 1, 1)
      const identity = weights[`${prefix}.downsample.0.weight`] ? conv(`${prefix}.downsample.0`, x, s, 0) : x
      x = relu(add(inner, identity))
    }
  }
  return shifted
}

function scaledWeight(weight: FloatTensor, pass: BatchNormPass): FloatTensor {
  const perChannel = weight.data.length / pass.runningVar.length
  const data = weight.data.map((v, i) => v / Math.sqrt((pass.runningVar[Math.floor(i / perChannel)] as number) + EPS))
  return { dtype: 'float32', shape: [...weight.shape], data }
}

function shiftedBias(bias: FloatTensor, pass: BatchNormPass): FloatTensor {
  const data = bias.data.map((b, c) => b - (pass.runningMean[c] as number) / Math.sqrt((pass.runningVar[c] as number) + EPS))
  return { dtype: 'float32', shape: [...bias.shape], data }
}
