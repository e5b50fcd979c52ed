import type { BestF1, ConfusionCounts } from './eval-values'
import { sweepThresholds } from './threshold-sweep'

/** Confusion counts with the rule `score >= threshold` and labels > 0 as anomalous. */
export function confusionAt(scores: readonly number[], labels: readonly number[], threshold: number): ConfusionCounts {
  let tp = 0
  let fp = 0
  let tn = 0
  let fn = 0
  scores.forEach((score, i) => {
    const anomalous = (labels[i] ?? 0) > 0
    const flagged = score >= threshold
    if (anomalous && flagged) tp++
    else if (anomalous) fn++
    else if (flagged) fp++
    else tn++
  })
  return {
    tp,
    fp,
    tn,
    fn,
    precision: tp + fp > 0 ? tp / (tp + fp) : null,
    recall: tp + fn > 0 ? tp / (tp + fn) : null,
    f1: tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : null,
  }
}

/**
 * The best image-level F1 over every distinct score used as threshold (rule `score >= t`). Among
 * equal F1 values the highest threshold wins (fewest false alarms). Null when there is no anomalous
 * image, where F1 is undefined.
 */
export function bestF1(scores: readonly number[], labels: readonly number[]): BestF1 | null {
  const positives = labels.filter((l) => l > 0).length
  if (positives === 0) return null
  let best: BestF1 | null = null
  for (const { threshold, tp, fp } of sweepThresholds(scores, labels)) {
    const f1 = (2 * tp) / (tp + fp + positives)
    if (best === null || f1 > best.f1) best = { f1, threshold, precision: tp / (tp + fp), recall: tp / positives }
  }
  return best
}
