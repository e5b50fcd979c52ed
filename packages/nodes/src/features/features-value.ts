import type { BackboneValue } from '../backbone/backbone-value'
import type { FloatTensor } from '../contract/tensor'
import type { DatasetImage } from '../datasets/dataset-value'

/** What travels on a `FeatureExtractor` socket: a backbone plus the taps and the embedding. */
export interface FeatureExtractorValue {
  backbone: BackboneValue
  layers: string[]
  /** Neighbourhood size of the local aggregation (3 in REB and PatchCore). */
  patchSize: number
  /** Per-layer pooled dimension before the layers are merged (512 for ResNet18). */
  pretrainEmbedDim: number
  /** Final patch-vector dimension after the layers are merged. */
  embedDim: number
}

/** What travels on a `PatchFeatures` socket: one embedding per patch of each image. */
export interface PatchFeaturesValue {
  /** [N, H, W, D], NHWC. */
  features: FloatTensor
  images: DatasetImage[]
  imageSize: number
  split: 'train' | 'test'
}

declare module '../contract/socket-values' {
  interface SocketValues {
    FeatureExtractor: FeatureExtractorValue
    PatchFeatures: PatchFeaturesValue
  }
}
