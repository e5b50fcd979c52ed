import type { RocPoints } from './eval-values'
import { sweepThresholds } from './threshold-sweep'

/**
 * Area under the ROC curve from two ascending-sorted score lists. Equals the trapezoid over the
 * distinct thresholds (sklearn `roc_curve` + `auc`): each positive counts the negatives below it
 * plus half of the negatives tied with it (Mann-Whitney U / (P N)). Linear after the sorts, which
 * is what makes pixel AUROC over millions of pixels cheap.
 *
 * @returns null when either list is empty (AUROC is undefined for a single class).
 */
export function aurocFromSorted(positives: ArrayLike<number>, negatives: ArrayLike<number>): number | null {
  const p = positives.length
  const n = negatives.length
  if (p === 0 || n === 0) return null
  let below = 0
  let pairs = 0
  let i = 0
  while (i < p) {
    const value = positives[i] as number
    while (below < n && (negatives[below] as number) < value) below++
    let tied = 0
    while (below + tied < n && (negatives[below + tied] as number) === value) tied++
    let samePositives = 0
    while (i < p && (positives[i] as number) === value) {
      samePositives++
      i++
    }
    pairs += samePositives * (below + tied / 2)
  }
  return pairs / (p * n)
}

/** Splits scores by label (> 0 is anomalous) into two ascending Float64Arrays. */
export function splitSorted(scores: readonly number[], labels: readonly number[]): { pos: Float64Array; neg: Float64Array } {
  const pos: number[] = []
  const neg: number[] = []
  scores.forEach((score, i) => ((labels[i] ?? 0) > 0 ? pos : neg).push(score))
  return { pos: Float64Array.from(pos).sort(), neg: Float64Array.from(neg).sort() }
}

/** Image AUROC with labels > 0 as positive; null for a single class. */
export function imageAuroc(scores: readonly number[], labels: readonly number[]): number | null {
  const { pos, neg } = splitSorted(scores, labels)
  return aurocFromSorted(pos, neg)
}

/**
 * ROC points with the rule `score >= t`, one per distinct score from the highest down, starting at
 * (0, 0) (threshold +Infinity, written null) and ending at (1, 1). Null for a single class.
 */
export function rocCurve(scores: readonly number[], labels: readonly number[]): RocPoints | null {
  const positives = labels.filter((l) => l > 0).length
  const negatives = labels.length - positives
  if (positives === 0 || negatives === 0) return null
  const curve: RocPoints = { fpr: [0], tpr: [0], thresholds: [null] }
  for (const { threshold, tp, fp } of sweepThresholds(scores, labels)) {
    curve.fpr.push(fp / negatives)
    curve.tpr.push(tp / positives)
    curve.thresholds.push(threshold)
  }
  return curve
}
