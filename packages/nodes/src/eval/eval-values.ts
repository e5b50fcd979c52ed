/** What travels on a `Threshold` socket: the decision threshold and how it was chosen. */
export interface ThresholdValue {
  value: number
  method: 'best-f1' | 'normal-fpr' | 'manual'
  /** Human-readable account of the choice, e.g. `best F1 0.97 on 83 labelled images`. */
  detail: string
}

/**
 * The decision rule every InspectFlow threshold uses: an image (or pixel) is called anomalous when
 * its score is greater than or equal to the threshold.
 */
export const DECISION_RULE = 'anomalous when score >= threshold'

/** Confusion counts of image decisions at one threshold; anomalous is the positive class. */
export interface ConfusionCounts {
  tp: number
  fp: number
  tn: number
  fn: number
  /** tp / (tp + fp); null when nothing was called anomalous. */
  precision: number | null
  /** tp / (tp + fn); null when there are no anomalous images. */
  recall: number | null
  /** 2tp / (2tp + fp + fn); null when there are no anomalous images and nothing was called anomalous. */
  f1: number | null
}

/** The best image-level F1 over every distinct threshold, and where it was reached. */
export interface BestF1 {
  f1: number
  threshold: number
  precision: number
  recall: number
}

/** Points of an ROC curve, from (0, 0) to (1, 1), one per distinct threshold. */
export interface RocPoints {
  fpr: number[]
  tpr: number[]
  /** thresholds[i] gives (fpr[i], tpr[i]) with the rule `score >= threshold`; the first is +Infinity as `null`. */
  thresholds: (number | null)[]
}

/**
 * Metrics of one set of test images. A metric that is undefined for this set (a single class, no
 * ground-truth pixels) is null and a note in MetricsValue.notes says why; never NaN.
 */
export interface MetricSet {
  imageCount: number
  normalCount: number
  anomalousCount: number
  imageAuroc: number | null
  /** Over every pixel of every image of the set. */
  pixelAuroc: number | null
  /** Over the pixels of the anomalous images only (images whose mask has a positive pixel). */
  pixelAurocAnomalous: number | null
  /** Area under PRO vs FPR up to `aproMaxFpr`, divided by `aproMaxFpr` (REB-METHOD 8.3). */
  aupro: number | null
  bestF1: BestF1 | null
  /** Confusion counts at the chosen threshold (MetricsValue.threshold). */
  counts: ConfusionCounts
}

/** What travels on a `Metrics` socket. */
export interface MetricsValue {
  /** Every test image. Includes the image ROC curve for charts. */
  overall: MetricSet & { roc: RocPoints | null }
  /** Per defect type: the normal images plus the images of that type. */
  perDefectType: Record<string, MetricSet>
  threshold: ThresholdValue
  /** Overall confusion counts at the chosen threshold (same as overall.counts). */
  counts: ConfusionCounts
  decisionRule: typeof DECISION_RULE
  aproMaxFpr: number
  /** Why a metric is null, which images were left out of pixel metrics, and similar. */
  notes: string[]
}

/** What travels on a `Report` socket: the files written for a person, relative to the artifact directory. */
export interface ReportValue {
  files: string[]
  /** One-paragraph plain-text summary (image AUROC, threshold, counts). */
  summary: string
}

declare module '../contract/socket-values' {
  interface SocketValues {
    Threshold: ThresholdValue
    Metrics: MetricsValue
    Report: ReportValue
  }
}
