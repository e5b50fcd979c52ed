import type { BackboneValue, FeatureExtractorValue, InspectionScoring, ThresholdValue } from '@inspectflow/nodes'

/** How the graph turned patch features into scores (score.ldknn / score.knn and anomaly.map params). */
export type { InspectionScoring } from '@inspectflow/nodes'

/** How an image file becomes the tensor the backbone sees. */
export interface InspectionPreprocessing {
  imageSize: number
  resample: 'bicubic' | 'pillow-bicubic'
  fit: 'squash' | 'center-crop'
  /**
   * The backbone's input normalisation, recorded here for whoever reads inspection.json; the feature
   * model is built from the backbone's own copy (`backbone.preprocess`), which export keeps equal.
   */
  normalisation: BackboneValue['preprocess']
}

/** The fitted memory bank as the package keeps it: the core and each core entry's local density. */
export interface InspectionBank {
  /** [rows, dim] core entries, row-major. */
  core: Float32Array
  rows: number
  dim: number
  /** [rows] local density of each core entry against the full bank (ldknn only). */
  densities?: Float32Array
  coresetRatio: number
  /** Rows of the full bank the core was chosen from. */
  fullRows: number
  imageCount: number
}

/** Where the backbone weights come from when the package does not carry them (`--weights-by-hash`). */
export interface WeightsReference {
  sha256: string
  /** Name in the weights store (`inspectflow weights list`). */
  storeName: string
}

/** Everything needed to score a new image as the fitted graph would, and nothing that runs code. */
export interface FittedInspection {
  preprocessing: InspectionPreprocessing
  extractor: FeatureExtractorValue
  bank: InspectionBank
  scoring: InspectionScoring
  threshold: ThresholdValue
}

/** The backbone without its weights: what inspection.json records of it. */
export type BackboneDescription = Omit<BackboneValue, 'weights'>
