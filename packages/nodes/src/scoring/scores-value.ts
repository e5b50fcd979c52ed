import type { FloatTensor } from '../contract/tensor'
import type { DatasetImage } from '../datasets/dataset-value'

/** What travels on a `Scores` socket: image scores and anomaly maps of a set of test images. */
export interface ScoresValue {
  images: DatasetImage[]
  /** One score per image, higher = more anomalous. */
  imageScores: number[]
  /** [N, h, w] raw patch scores. */
  patchMaps: FloatTensor
  /** [N, S, S] pixel anomaly maps at the dataset image size (upsampled and smoothed). */
  pixelMaps: FloatTensor
  /** How the scores were computed, for reports (e.g. `LDKNN K=9 alpha=1, full bank`). */
  method: string
}

declare module '../contract/socket-values' {
  interface SocketValues {
    Scores: ScoresValue
  }
}
