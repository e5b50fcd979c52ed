import { describe, expect, it } from 'vitest'

import { bestF1, confusionAt } from './confusion'
import { chooseThreshold, nextUp, normalFprThreshold } from './threshold'

const scores = [0.1, 0.2, 0.3, 0.4, 0.5]
const labels = [0, 1, 0, 1, 1]

describe('best F1', () => {
  it('finds the hand-computed optimum (F1 6/7 at 0.2)', () => {
    const best = bestF1(scores, labels)!
    expect(best.f1).toBeCloseTo(6 / 7, 12)
    expect(best.threshold).toBe(0.2)
    expect(best.precision).toBeCloseTo(0.75, 12)
    expect(best.recall).toBe(1)
  })
  it('treats tied scores as one threshold', () => {
    // Both images at 0.5 are flagged together: F1 = 2/3 there, 1/2 when everything is flagged.
    const best = bestF1([0.5, 0.5, 0.1], [1, 0, 0])!
    expect(best.threshold).toBe(0.5)
    expect(best.f1).toBeCloseTo(2 / 3, 12)
  })
  it('is null without anomalous images', () => {
    expect(bestF1([1, 2], [0, 0])).toBeNull()
  })
})

describe('confusion counts', () => {
  it('uses score >= threshold', () => {
    const c = confusionAt(scores, labels, 0.3)
    expect([c.tp, c.fp, c.tn, c.fn]).toEqual([2, 1, 1, 1])
    expect(c.precision).toBeCloseTo(2 / 3, 12)
    expect(c.recall).toBeCloseTo(2 / 3, 12)
    expect(c.f1).toBeCloseTo(2 / 3, 12)
  })
  it('gives null precision when nothing is flagged, never NaN', () => {
    const c = confusionAt([1, 2], [0, 1], 5)
    expect(c.precision).toBeNull()
    expect(c.recall).toBe(0)
    expect(c.f1).toBe(0)
  })
})

describe('thresholds', () => {
  it('normal-fpr flags at most floor(rate * n) normals', () => {
    const normals = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    const t = normalFprThreshold(normals, 0.1)
    expect(t.value).toBe(nextUp(9))
    expect(normals.filter((s) => s >= t.value)).toEqual([10])
    expect(normalFprThreshold(normals, 0).value).toBe(nextUp(10))
    expect(normalFprThreshold(normals, 1).value).toBe(1)
  })
  it('normal-fpr does not let ties exceed the target', () => {
    const normals = [1, 5, 5, 5]
    const t = normalFprThreshold(normals, 0.25)
    expect(normals.filter((s) => s >= t.value).length).toBeLessThanOrEqual(1)
  })
  it('nextUp is the next double', () => {
    expect(nextUp(1)).toBe(1 + Number.EPSILON)
    expect(nextUp(-1)).toBeGreaterThan(-1)
    expect(nextUp(0)).toBe(Number.MIN_VALUE)
  })
  it('chooses by each method and says how', () => {
    const best = chooseThreshold(scores, labels, { method: 'best-f1' })
    expect(best).toMatchObject({ value: 0.2, method: 'best-f1' })
    expect(best.detail).toContain('0.8571')
    const fpr = chooseThreshold(scores, labels, { method: 'normal-fpr', targetFpr: 0.5 })
    expect(fpr.method).toBe('normal-fpr')
    expect(fpr.value).toBe(nextUp(0.1))
    expect(chooseThreshold(scores, labels, { method: 'manual', value: 0.33 })).toMatchObject({ value: 0.33, method: 'manual' })
  })
  it('refuses best-f1 without anomalies and non-finite scores, with the reason', () => {
    expect(() => chooseThreshold([1, 2], [0, 0], { method: 'best-f1' })).toThrow(/normal-fpr/)
    expect(() => chooseThreshold([1, Number.NaN], [0, 1], { method: 'best-f1' })).toThrow(/finite/)
    expect(() => chooseThreshold([1], [0], { method: 'manual' })).toThrow(/manual/)
  })
})
