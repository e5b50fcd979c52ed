/**
 * The REB / PatchCore patch embedding (REB-METHOD 5.2) as linear maps. Per layer: unfold a p x p zero-
 * padded neighbourhood (index c*p*p + ky*p + kx), adaptive-average-pool the C*p*p vector to
 * `pretrainDim`; then stack the layers and adaptive-average-pool to `embedDim`. Both pools are linear
 * and act per location, so each layer's share of the final vector is one p x p convolution with padding
 * (p-1)/2 whose weights are computed here. Bilinear upsampling acts identically on every channel plane,
 * so it commutes with that convolution: convolve at the layer's own resolution, then upsample.
 */

/** torch `adaptive_avg_pool1d` bins: output i averages [floor(i*L/n), ceil((i+1)*L/n)). */
export function adaptivePoolBins(length: number, outputs: number): [number, number][] {
  return Array.from({ length: outputs }, (_, i) => [Math.floor((i * length) / outputs), Math.ceil(((i + 1) * length) / outputs)])
}

/** One layer's embedding convolution: it produces final channels [outStart, outStart + outCount). */
export interface EmbeddingConv {
  layerIndex: number
  outStart: number
  outCount: number
  /** OIHW [outCount, channels, patchSize, patchSize]. */
  weight: Float32Array
  channels: number
}

/** Shape of the embedding: channels of each tapped layer, neighbourhood and both dimensions. */
export interface EmbeddingShape {
  channels: number[]
  patchSize: number
  pretrainDim: number
  embedDim: number
}

/** The output channels a layer contributes to, i.e. merge bins that overlap its slice of the stack. */
function contributedRange(layerIndex: number, pretrainDim: number, mergeBins: [number, number][]): [number, number] {
  const lo = layerIndex * pretrainDim
  const hi = lo + pretrainDim
  const touching = mergeBins.flatMap(([s, e], j) => (s < hi && e > lo ? [j] : []))
  return [touching[0] ?? 0, (touching[touching.length - 1] ?? -1) + 1]
}

function layerConv(layerIndex: number, shape: EmbeddingShape, mergeBins: [number, number][]): EmbeddingConv {
  const { pretrainDim, patchSize } = shape
  const channels = shape.channels[layerIndex] as number
  const patchLength = channels * patchSize * patchSize
  const layerBins = adaptivePoolBins(patchLength, pretrainDim)
  const [outStart, outEnd] = contributedRange(layerIndex, pretrainDim, mergeBins)
  const weight = new Float32Array((outEnd - outStart) * patchLength)
  for (let j = outStart; j < outEnd; j++) {
    const [mergeStart, mergeEnd] = mergeBins[j] as [number, number]
    const mergeWeight = 1 / (mergeEnd - mergeStart)
    for (let k = mergeStart; k < mergeEnd; k++) {
      const i = k - layerIndex * pretrainDim
      if (i < 0 || i >= pretrainDim) continue
      const [binStart, binEnd] = layerBins[i] as [number, number]
      const w = mergeWeight / (binEnd - binStart)
      const row = (j - outStart) * patchLength
      for (let m = binStart; m < binEnd; m++) weight[row + m] = (weight[row + m] as number) + w
    }
  }
  return { layerIndex, outStart, outCount: outEnd - outStart, weight, channels }
}

/** The per-layer convolutions whose (upsampled) sum is the final embedding. */
export function embeddingConvs(shape: EmbeddingShape): EmbeddingConv[] {
  const mergeBins = adaptivePoolBins(shape.channels.length * shape.pretrainDim, shape.embedDim)
  return shape.channels.map((_, layerIndex) => layerConv(layerIndex, shape, mergeBins))
}

/** A block-diagonal embedding conv written as an ONNX grouped conv: [outCount, channels / groups, p, p]. */
export interface GroupedEmbeddingConv {
  groups: number
  weight: Float32Array
}

/** The input channels [first, last] that output row `o` of a dense embedding weight reads. */
function touchedChannels(conv: EmbeddingConv, o: number, area: number): [number, number] {
  const row = conv.weight.subarray(o * conv.channels * area, (o + 1) * conv.channels * area)
  let first = -1
  let last = -1
  row.forEach((w, m) => {
    if (w === 0) return
    const c = Math.floor(m / area)
    if (first < 0) first = c
    last = c
  })
  return [Math.max(first, 0), Math.max(last, 0)]
}

/** True when every output reads only channels of its own group, and outputs come in equal runs per group. */
function fitsGroups(conv: EmbeddingConv, touched: [number, number][], groupWidth: number): boolean {
  const groups = conv.channels / groupWidth
  if (conv.outCount % groups !== 0) return false
  const perGroup = conv.outCount / groups
  for (let o = 0; o < conv.outCount; o++) {
    const [first, last] = touched[o] as [number, number]
    const group = Math.floor(o / perGroup)
    if (Math.floor(first / groupWidth) !== group || Math.floor(last / groupWidth) !== group) return false
  }
  return true
}

/**
 * The same convolution as a grouped one when its weight is block-diagonal over channel groups. With
 * the REB dimensions every output reads one or two neighbouring channels (ResNet18: layer2 is a
 * depthwise conv with 2 outputs per channel, layer3 one output per channel), which makes the
 * embedding about a hundred times cheaper than the dense form. Returns undefined when no grouping fits.
 */
export function groupedEmbeddingConv(conv: EmbeddingConv, patchSize: number): GroupedEmbeddingConv | undefined {
  const area = patchSize * patchSize
  const touched = Array.from({ length: conv.outCount }, (_, o) => touchedChannels(conv, o, area))
  for (let groupWidth = 1; groupWidth < conv.channels; groupWidth++) {
    if (conv.channels % groupWidth !== 0 || !fitsGroups(conv, touched, groupWidth)) continue
    const groups = conv.channels / groupWidth
    const perGroup = conv.outCount / groups
    const weight = new Float32Array(conv.outCount * groupWidth * area)
    for (let o = 0; o < conv.outCount; o++) {
      const firstChannel = Math.floor(o / perGroup) * groupWidth
      const source = (o * conv.channels + firstChannel) * area
      weight.set(conv.weight.subarray(source, source + groupWidth * area), o * groupWidth * area)
    }
    return { groups, weight }
  }
  return undefined
}
