import { type EmbeddingConv, type EmbeddingShape, embeddingConvs, groupedEmbeddingConv } from './embedding-weights'

/**
 * How the embedding is split into graph outputs. Reordering channels into NHWC inside onnxruntime
 * costs several full copies of the features (Transpose, Concat), so the graph returns NCHW parts and
 * the JS side writes them into the NHWC result in one pass, in whatever channel order is convenient.
 */
export interface EmbeddingPart {
  /** Final embedding channel of each of this part's channels. */
  finalChannels: Int32Array
  /** The grouped conv weight [channels, inPerGroup, p, p] and its group count. */
  weight: Float32Array
  weightShape: number[]
  groups: number
  /** Index of the tapped layer it convolves; -1 for the summed part of the straddling case. */
  layerIndex: number
}

/** All parts, plus the per-layer convs for the straddling case where the parts are summed. */
export interface EmbeddingPlan {
  parts: EmbeddingPart[]
  /** Set when merge bins straddle layers: the convs are padded to embedDim and added into one part. */
  summed?: EmbeddingConv[]
}

/** True when the layers' output ranges are consecutive and disjoint. */
function concatenable(convs: EmbeddingConv[], embedDim: number): boolean {
  let next = 0
  for (const conv of convs) {
    if (conv.outStart !== next) return false
    next = conv.outStart + conv.outCount
  }
  return next === embedDim
}

/**
 * A layer whose outputs each read a single channel (output c*m + k from channel c) becomes m plain
 * depthwise convs: onnxruntime runs those far faster than a grouped conv with m outputs per group.
 */
function layerParts(conv: EmbeddingConv, patchSize: number): EmbeddingPart[] {
  const area = patchSize * patchSize
  const grouped = groupedEmbeddingConv(conv, patchSize)
  if (!grouped || grouped.groups !== conv.channels) {
    const groups = grouped?.groups ?? 1
    return [{
      finalChannels: Int32Array.from({ length: conv.outCount }, (_, o) => conv.outStart + o),
      weight: grouped?.weight ?? conv.weight,
      weightShape: [conv.outCount, conv.channels / groups, patchSize, patchSize],
      groups,
      layerIndex: conv.layerIndex,
    }]
  }
  const multiplier = conv.outCount / conv.channels
  return Array.from({ length: multiplier }, (_, k) => {
    const weight = new Float32Array(conv.channels * area)
    for (let c = 0; c < conv.channels; c++) {
      const o = c * multiplier + k
      weight.set(grouped.weight.subarray(o * area, (o + 1) * area), c * area)
    }
    return {
      finalChannels: Int32Array.from({ length: conv.channels }, (_, c) => conv.outStart + c * multiplier + k),
      weight,
      weightShape: [conv.channels, 1, patchSize, patchSize],
      groups: conv.channels,
      layerIndex: conv.layerIndex,
    }
  })
}

/** Plans the graph outputs of the embedding for `shape`; deterministic, so builder and reader agree. */
export function planEmbedding(shape: EmbeddingShape): EmbeddingPlan {
  const convs = embeddingConvs(shape).filter((c) => c.outCount > 0)
  if (concatenable(convs, shape.embedDim)) return { parts: convs.flatMap((conv) => layerParts(conv, shape.patchSize)) }
  const identity = Int32Array.from({ length: shape.embedDim }, (_, d) => d)
  return { parts: [{ finalChannels: identity, weight: new Float32Array(0), weightShape: [], groups: 1, layerIndex: -1 }], summed: convs }
}
