import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

import { readSafetensors, type ScoresValue } from '@inspectflow/nodes'

/** How close this run's scores are to the reference implementation's. */
export interface ReferenceComparison {
  reference: string
  matchedImages: number
  referenceImageAuroc?: number
  referencePixelAuroc?: number
  /** Spearman rank correlation of the image scores. */
  imageScoreSpearman: number
  maxImageScoreDiff: number
  /** Largest absolute difference of raw patch scores, where the reference ships them. */
  maxPatchScoreDiff?: number
  meanPatchScoreDiff?: number
}

interface ReferenceScores {
  image_auroc?: number
  pixel_auroc?: number
  test: { image: string; label: number; score: number }[]
}

/** Ranks with ties averaged (1-based). */
function averageRanks(values: number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v)
  const ranks = new Array<number>(values.length)
  for (let start = 0; start < order.length; ) {
    let end = start
    while (end + 1 < order.length && (order[end + 1] as { v: number }).v === (order[start] as { v: number }).v) end += 1
    for (let j = start; j <= end; j++) ranks[(order[j] as { i: number }).i] = (start + end) / 2 + 1
    start = end + 1
  }
  return ranks
}

/** Spearman's rho: the Pearson correlation of the average ranks. */
export function spearman(a: number[], b: number[]): number {
  const ra = averageRanks(a)
  const rb = averageRanks(b)
  const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length
  const ma = mean(ra)
  const mb = mean(rb)
  let cov = 0
  let va = 0
  let vb = 0
  for (let i = 0; i < ra.length; i++) {
    const da = (ra[i] as number) - ma
    const db = (rb[i] as number) - mb
    cov += da * db
    va += da * da
    vb += db * db
  }
  return cov / Math.sqrt(va * vb)
}

/**
 * Compares with the reference's scores.json (matched by image name) and, when a reference.safetensors
 * with `patch_scores` sits next to it (test order of scores.json), the raw patch scores.
 */
export async function compareWithReference(path: string, scores: ScoresValue): Promise<ReferenceComparison> {
  const reference = JSON.parse(await readFile(path, 'utf8')) as ReferenceScores
  const ours = new Map(scores.images.map((image, i) => [image.name, i]))
  const pairs = reference.test.flatMap((entry, refIndex) => {
    const i = ours.get(entry.image)
    return i === undefined ? [] : [{ refIndex, i, ref: entry.score, ours: scores.imageScores[i] as number }]
  })
  const comparison: ReferenceComparison = {
    reference: path,
    matchedImages: pairs.length,
    referenceImageAuroc: reference.image_auroc,
    referencePixelAuroc: reference.pixel_auroc,
    imageScoreSpearman: spearman(pairs.map((p) => p.ref), pairs.map((p) => p.ours)),
    maxImageScoreDiff: Math.max(...pairs.map((p) => Math.abs(p.ref - p.ours))),
  }
  const tensorsPath = join(dirname(path), 'reference.safetensors')
  if (!existsSync(tensorsPath)) return comparison
  const patch = (await readSafetensors(tensorsPath)).tensors.patch_scores
  const per = scores.patchMaps.shape[1]! * scores.patchMaps.shape[2]!
  if (!patch || patch.shape[1]! * patch.shape[2]! !== per) return comparison
  let max = 0
  let sum = 0
  for (const p of pairs) {
    for (let j = 0; j < per; j++) {
      const d = Math.abs((patch.data[p.refIndex * per + j] as number) - (scores.patchMaps.data[p.i * per + j] as number))
      max = Math.max(max, d)
      sum += d
    }
  }
  return { ...comparison, maxPatchScoreDiff: max, meanPatchScoreDiff: sum / (pairs.length * per) }
}
