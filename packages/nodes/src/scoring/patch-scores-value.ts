import type { FloatTensor } from '../contract/tensor'
import type { DatasetImage } from '../datasets/dataset-value'
import type { ScoringTiming } from './scores-value'

/**
 * What travels on a `PatchScores` socket: the raw anomaly score of every patch of every test image,
 * before any map is built. Scoring nodes produce it; `anomaly.map` turns it into image scores and
 * pixel maps, so changing the blur never redoes the neighbour search.
 */
export interface PatchScoresValue {
  images: DatasetImage[]
  /** [N, h, w] patch scores, higher = more anomalous. */
  patchMaps: FloatTensor
  /** Side of the square images the patches were taken from (the pixel maps' size). */
  imageSize: number
  /** How the scores were computed, for reports (e.g. `LDKNN K=9 alpha=1, full bank`). */
  method: string
  /** Where the search's time went, as measured when it ran. */
  timing?: Omit<ScoringTiming, 'mapsMs'>
}

declare module '../contract/socket-values' {
  interface SocketValues {
    PatchScores: PatchScoresValue
  }
}
