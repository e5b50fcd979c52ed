import type { ImageResult } from './results-data'

/** An ROC curve as parallel arrays. */
export interface Roc {
  fpr: number[]
  tpr: number[]
}

/** Area under a curve given as points sorted by fpr (trapezoid rule). */
export function areaUnder(roc: Roc): number {
  let auc = 0
  for (let i = 1; i < roc.fpr.length; i++) auc += ((roc.fpr[i]! - roc.fpr[i - 1]!) * (roc.tpr[i]! + roc.tpr[i - 1]!)) / 2
  return auc
}

/** The ROC curve of scored images (anomalous is positive, rule `score >= threshold`); undefined with one class only. */
export function rocFromImages(images: ImageResult[]): Roc | undefined {
  const scored = images.filter((i): i is ImageResult & { score: number } => typeof i.score === 'number')
  const positives = scored.filter((i) => i.label === 1).length
  const negatives = scored.length - positives
  if (!positives || !negatives) return undefined
  const sorted = [...scored].sort((a, b) => b.score - a.score)
  const roc: Roc = { fpr: [0], tpr: [0] }
  let tp = 0
  let fp = 0
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]!.label === 1) tp++
    else fp++
    // Tied scores form one step, so the curve does not depend on the order of equal scores.
    if (i + 1 < sorted.length && sorted[i + 1]!.score === sorted[i]!.score) continue
    roc.fpr.push(fp / negatives)
    roc.tpr.push(tp / positives)
  }
  return roc
}

/** One histogram bin: its lower edge and the count of each label. */
export interface HistogramBin {
  from: number
  normal: number
  anomalous: number
}

/** Histogram bins of the scores of each label over a shared range. */
export function scoreHistogram(images: ImageResult[], binCount = 24): { min: number; max: number; bins: HistogramBin[] } {
  const scores = images.flatMap((i) => (typeof i.score === 'number' ? [i.score] : []))
  const min = Math.min(...scores)
  const rawMax = Math.max(...scores)
  const max = rawMax > min ? rawMax : min + 1
  const width = (max - min) / binCount
  const bins = Array.from({ length: binCount }, (_, i) => ({ from: min + i * width, normal: 0, anomalous: 0 }))
  for (const img of images) {
    if (typeof img.score !== 'number') continue
    const bin = bins[Math.min(binCount - 1, Math.floor((img.score - min) / width))]!
    if (img.label === 1) bin.anomalous++
    else bin.normal++
  }
  return { min, max, bins }
}
