/** Cumulative counts when every image scoring at least `threshold` is flagged anomalous. */
export interface SweepStep {
  threshold: number
  /** Anomalous images flagged. */
  tp: number
  /** Normal images flagged. */
  fp: number
}

/**
 * Walks the distinct scores from the highest down, one step per distinct value (tied scores move
 * together), with the rule `score >= threshold` and labels > 0 as anomalous. The ROC curve and the
 * best-F1 search are both read off these steps.
 */
export function sweepThresholds(scores: readonly number[], labels: readonly number[]): SweepStep[] {
  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number))
  const steps: SweepStep[] = []
  let tp = 0
  let fp = 0
  let k = 0
  while (k < order.length) {
    const threshold = scores[order[k] as number] as number
    while (k < order.length && scores[order[k] as number] === threshold) {
      if ((labels[order[k] as number] as number) > 0) tp++
      else fp++
      k++
    }
    steps.push({ threshold, tp, fp })
  }
  return steps
}
