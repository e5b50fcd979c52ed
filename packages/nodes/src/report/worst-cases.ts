/** One test image as the report lists it. */
export interface ReportImage {
  name: string
  label: 0 | 1
  defectType: string
  score: number
  /** Overlay path relative to the report. */
  overlay: string
  /** The image's panel files relative to the report (the editor's large view); no `mask` when it has none. */
  panelFiles?: { image: string; mask?: string; heatmap: string; predicted: string }
  /** A new, unlabelled image from the inspect folder: decided, never counted as right or wrong. */
  inspect?: true
}

/**
 * False positives (normal, score >= threshold) from the highest score down, and false negatives
 * (anomalous, score < threshold) from the lowest score up: the mistakes a person should look at first.
 */
export function worstCases(images: readonly ReportImage[], threshold: number, count: number): { falsePositives: ReportImage[]; falseNegatives: ReportImage[] } {
  const labelled = images.filter((im) => !im.inspect)
  const falsePositives = labelled.filter((im) => im.label === 0 && im.score >= threshold).sort((a, b) => b.score - a.score)
  const falseNegatives = labelled.filter((im) => im.label === 1 && im.score < threshold).sort((a, b) => a.score - b.score)
  return { falsePositives: falsePositives.slice(0, count), falseNegatives: falseNegatives.slice(0, count) }
}
