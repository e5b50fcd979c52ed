import { NodeInputError } from '../contract/errors'
import { assertFiniteScores } from './finite'
import { bestF1 } from './confusion'
import type { ThresholdValue } from './eval-values'

/** How decide.threshold chooses: see ThresholdValue.method. */
export interface ThresholdOptions {
  method: ThresholdValue['method']
  /** normal-fpr: the largest allowed fraction of normal images called anomalous, in [0, 1]. */
  targetFpr?: number
  /** manual: the threshold itself. */
  value?: number
}

/** The smallest double strictly greater than x (x finite). */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE
  const buffer = new DataView(new ArrayBuffer(8))
  buffer.setFloat64(0, x)
  const bits = buffer.getBigInt64(0)
  buffer.setBigInt64(0, x > 0 ? bits + 1n : bits - 1n)
  return buffer.getFloat64(0)
}

/**
 * The lowest threshold that calls at most floor(targetFpr * n) of the n normal scores anomalous
 * (rule `score >= t`): just above the (k+1)-th highest normal score, so ties never push the false
 * positive rate over the target. With targetFpr = 1 every image is flagged (threshold = lowest score).
 */
export function normalFprThreshold(normalScores: readonly number[], targetFpr: number): { value: number; allowed: number } {
  if (normalScores.length === 0) throw new NodeInputError('scores', 'at least one normal (good) image for the normal-fpr method', 'none')
  if (!(targetFpr >= 0 && targetFpr <= 1)) throw new NodeInputError('targetFpr', 'a rate in [0, 1]', String(targetFpr))
  const descending = [...normalScores].sort((a, b) => b - a)
  const allowed = Math.floor(targetFpr * descending.length + 1e-9)
  if (allowed >= descending.length) return { value: descending[descending.length - 1] as number, allowed }
  return { value: nextUp(descending[allowed] as number), allowed }
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(4))

/**
 * Chooses the image-level threshold. best-f1 needs both normal and anomalous images; normal-fpr uses
 * the normal images alone (plants with no defect samples); manual takes the value as given.
 */
export function chooseThreshold(scores: readonly number[], labels: readonly number[], options: ThresholdOptions): ThresholdValue {
  assertFiniteScores(scores, 'scores.imageScores')
  if (options.method === 'manual') {
    const value = options.value
    if (value === undefined || !Number.isFinite(value)) throw new NodeInputError('value', 'a finite threshold for the manual method', String(value))
    return { value, method: 'manual', detail: `manual threshold ${fmt(value)}` }
  }
  if (options.method === 'normal-fpr') {
    const target = options.targetFpr ?? 0.01
    const normals = scores.filter((_, i) => (labels[i] ?? 0) === 0)
    const { value, allowed } = normalFprThreshold(normals, target)
    const flagged = normals.filter((s) => s >= value).length
    return {
      value,
      method: 'normal-fpr',
      detail: `target false-positive rate ${fmt(target)} on ${normals.length} normal images: ${flagged} flagged (at most ${allowed} allowed)`,
    }
  }
  const best = bestF1(scores, labels)
  if (best === null) {
    throw new NodeInputError('scores', 'labelled anomalous images for the best-f1 method', 'normal images only', 'use method normal-fpr when there are no defect samples')
  }
  return { value: best.threshold, method: 'best-f1', detail: `best F1 ${best.f1.toFixed(4)} on ${scores.length} labelled images` }
}
