import type { FloatTensor } from '../contract/tensor'
import type { ArchitectureSpec, ConvSpec } from './architecture'
import type { Preprocessing } from './backbone-value'

/**
 * A slow, loop-by-loop forward pass of a trunk in plain JS. It exists to check the ONNX graph (and
 * other engines) against something with no graph builder in between; use it on tiny networks only.
 */

/** One image, channels first: [channels][y][x] flattened. */
export interface PlainMap {
  channels: number
  size: number
  data: Float64Array
}

/** Direct 2-D cross-correlation with zero padding, plus bias. */
export function plainConv(x: PlainMap, conv: ConvSpec, weight: FloatTensor, bias: FloatTensor): PlainMap {
  const { kernel: k, stride: s, padding: p, outChannels, inChannels } = conv
  const size = Math.floor((x.size + 2 * p - k) / s) + 1
  const out = new Float64Array(outChannels * size * size)
  for (let o = 0; o < outChannels; o++)
    for (let oy = 0; oy < size; oy++)
      for (let ox = 0; ox < size; ox++) {
        let sum = bias.data[o] as number
        for (let c = 0; c < inChannels; c++)
          for (let ky = 0; ky < k; ky++)
            for (let kx = 0; kx < k; kx++) {
              const iy = oy * s + ky - p
              const ix = ox * s + kx - p
              if (iy < 0 || ix < 0 || iy >= x.size || ix >= x.size) continue
              sum += (weight.data[((o * inChannels + c) * k + ky) * k + kx] as number) * (x.data[(c * x.size + iy) * x.size + ix] as number)
            }
        out[(o * size + oy) * size + ox] = sum
      }
  return { channels: outChannels, size, data: out }
}

function relu(x: PlainMap): PlainMap {
  return { ...x, data: x.data.map((v) => Math.max(0, v)) }
}

function maxPool(x: PlainMap, kernel: number, stride: number, padding: number): PlainMap {
  const size = Math.floor((x.size + 2 * padding - kernel) / stride) + 1
  const out = new Float64Array(x.channels * size * size).fill(Number.NEGATIVE_INFINITY)
  for (let c = 0; c < x.channels; c++)
    for (let oy = 0; oy < size; oy++)
      for (let ox = 0; ox < size; ox++)
        for (let ky = 0; ky < kernel; ky++)
          for (let kx = 0; kx < kernel; kx++) {
            const iy = oy * stride + ky - padding
            const ix = ox * stride + kx - padding
            if (iy < 0 || ix < 0 || iy >= x.size || ix >= x.size) continue
            const i = (c * size + oy) * size + ox
            out[i] = Math.max(out[i] as number, x.data[(c * x.size + iy) * x.size + ix] as number)
          }
  return { channels: x.channels, size, data: out }
}

/** Normalises one HWC 0..255 RGB image into a channels-first map. */
export function plainPreprocess(pixels: Uint8Array, size: number, preprocess: Preprocessing): PlainMap {
  const data = new Float64Array(3 * size * size)
  for (let c = 0; c < 3; c++) {
    const source = preprocess.channelOrder === 'bgr' ? 2 - c : c
    for (let i = 0; i < size * size; i++) {
      const v = (pixels[i * 3 + source] as number) * preprocess.scale
      data[c * size * size + i] = (v - (preprocess.mean[c] as number)) / (preprocess.std[c] as number)
    }
  }
  return { channels: 3, size, data }
}

/** Runs the whole trunk on one image and returns every stage output. */
export function plainTrunkForward(image: PlainMap, spec: ArchitectureSpec, weights: Record<string, FloatTensor>): Record<string, PlainMap> {
  const convWith = (x: PlainMap, conv: ConvSpec): PlainMap =>
    plainConv(x, conv, weights[`${conv.name}.weight`] as FloatTensor, weights[`${conv.name}.bias`] as FloatTensor)
  let y = relu(convWith(image, spec.stem))
  y = maxPool(y, spec.maxPool.kernel, spec.maxPool.stride, spec.maxPool.padding)
  const outputs: Record<string, PlainMap> = {}
  for (const stage of spec.stages) {
    for (const block of stage.blocks) {
      let z = y
      block.convs.forEach((conv, i) => {
        z = convWith(z, conv)
        if (i < block.convs.length - 1) z = relu(z)
      })
      const shortcut = block.downsample ? convWith(y, block.downsample) : y
      y = relu({ ...z, data: z.data.map((v, i) => v + (shortcut.data[i] as number)) })
    }
    outputs[stage.name] = y
  }
  return outputs
}
