import { describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { aurocFromSorted, imageAuroc, rocCurve } from './auroc'

/** Brute force over every (positive, negative) pair: the definition, not the fast path. */
function pairwiseAuroc(scores: number[], labels: number[]): number {
  let sum = 0
  let pairs = 0
  scores.forEach((p, i) => {
    if (labels[i] !== 1) return
    scores.forEach((n, j) => {
      if (labels[j] !== 0) return
      pairs++
      sum += p > n ? 1 : p === n ? 0.5 : 0
    })
  })
  return sum / pairs
}

function trapezoid(fpr: number[], tpr: number[]): number {
  let area = 0
  for (let i = 1; i < fpr.length; i++) area += ((fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!)) / 2
  return area
}

describe('image AUROC', () => {
  it('matches the textbook example (sklearn docs: 0.75)', () => {
    expect(imageAuroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12)
  })
  it('counts ties as one half', () => {
    expect(imageAuroc([1, 2, 2, 3], [0, 0, 1, 1])).toBeCloseTo(0.875, 12)
    expect(imageAuroc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5)
  })
  it('is 1 for perfect separation and 0 for perfectly inverted scores', () => {
    expect(imageAuroc([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1)
    expect(imageAuroc([4, 3, 2, 1], [0, 0, 1, 1])).toBe(0)
  })
  it('is null, not NaN, for a single class', () => {
    expect(imageAuroc([1, 2, 3], [0, 0, 0])).toBeNull()
    expect(imageAuroc([1, 2, 3], [1, 1, 1])).toBeNull()
    expect(aurocFromSorted([], [1, 2])).toBeNull()
  })
  it('agrees with the pairwise definition and the ROC trapezoid on random tied data', () => {
    const rng = createRandom('auroc-ties')
    for (let trial = 0; trial < 20; trial++) {
      const n = rng.int(2, 60)
      const labels = Array.from({ length: n }, (_, i) => (i < 1 ? 0 : i < 2 ? 1 : rng.int(0, 1)))
      const scores = labels.map((l) => rng.int(0, 6) + l * rng.int(0, 3))
      const expected = pairwiseAuroc(scores, labels)
      expect(imageAuroc(scores, labels)).toBeCloseTo(expected, 12)
      const roc = rocCurve(scores, labels)!
      expect(trapezoid(roc.fpr, roc.tpr)).toBeCloseTo(expected, 12)
    }
  })
})

describe('ROC curve', () => {
  it('has one point per distinct score, from (0,0) to (1,1)', () => {
    const roc = rocCurve([1, 2, 2, 3], [0, 0, 1, 1])!
    expect(roc.thresholds).toEqual([null, 3, 2, 1])
    expect(roc.fpr).toEqual([0, 0, 0.5, 1])
    expect(roc.tpr).toEqual([0, 0.5, 1, 1])
  })
  it('is null for a single class', () => {
    expect(rocCurve([1, 2], [0, 0])).toBeNull()
  })
})
