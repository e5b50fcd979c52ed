import type { FloatTensor } from '../contract/tensor'
import type { DatasetImage } from '../datasets/dataset-value'

/**
 * Where a scoring node's time went, as measured when the scores were computed (a value read back from
 * the cache keeps the figures of the run that computed it). The local densities are a property of the
 * bank, computed once per bank and K and reused by later scorings, so benchmarks report them apart.
 */
export interface ScoringTiming {
  /** Nearest-neighbour search of the test patches. */
  nearestMs: number
  /** Local densities computed by this scoring (0 for plain kNN or when all were cached). */
  densityMs: number
  densitiesComputed: number
  /** Image scores and pixel maps from the patch scores. */
  mapsMs: number
}

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
  timing?: ScoringTiming
}

declare module '../contract/socket-values' {
  interface SocketValues {
    Scores: ScoresValue
  }
}
