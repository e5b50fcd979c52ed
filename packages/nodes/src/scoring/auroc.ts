/**
 * Area under the ROC curve of binary labels (1 = positive) and scores, with ties counted as half:
 * the Mann-Whitney statistic, equal to sklearn's `roc_auc_score` and to `auc(roc_curve(...))`.
 * Positives and negatives are sorted separately (typed-array sorts, so millions of pixels are cheap)
 * and merged. Returns NaN when either class is empty.
 */
export function auroc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (scores.length !== labels.length) throw new RangeError(`auroc: ${scores.length} scores but ${labels.length} labels`)
  let positives = 0
  for (let i = 0; i < labels.length; i++) if ((labels[i] as number) > 0) positives += 1
  const pos = new Float64Array(positives)
  const neg = new Float64Array(labels.length - positives)
  let p = 0
  let n = 0
  for (let i = 0; i < labels.length; i++) {
    if ((labels[i] as number) > 0) pos[p++] = scores[i] as number
    else neg[n++] = scores[i] as number
  }
  if (pos.length === 0 || neg.length === 0) return Number.NaN
  pos.sort()
  neg.sort()
  // for each positive: negatives strictly below it, plus half of the negatives equal to it
  let below = 0
  let equalEnd = 0
  let wins = 0
  for (const value of pos) {
    while (below < neg.length && (neg[below] as number) < value) below += 1
    equalEnd = Math.max(equalEnd, below)
    while (equalEnd < neg.length && (neg[equalEnd] as number) === value) equalEnd += 1
    wins += below + (equalEnd - below) / 2
  }
  return wins / (pos.length * neg.length)
}
