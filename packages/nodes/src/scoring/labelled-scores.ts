import { floatTensor } from '../contract/tensor'
import type { ScoresValue } from './scores-value'

/**
 * The scores of the labelled test images only: images from the dataset's inspect folder are new and
 * unlabelled, so they are decided and mapped but never used to measure or to choose a threshold.
 * Returns the same object when there is nothing to leave out.
 */
export function labelledScores(scores: ScoresValue): ScoresValue {
  const keep = scores.images.flatMap((image, i) => (image.inspect ? [] : [i]))
  if (keep.length === scores.images.length) return scores
  const pick = (tensor: ScoresValue['pixelMaps']) => {
    const [, h, w] = tensor.shape as [number, number, number]
    const data = new Float32Array(keep.length * h * w)
    keep.forEach((i, row) => data.set(tensor.data.subarray(i * h * w, (i + 1) * h * w), row * h * w))
    return floatTensor([keep.length, h, w], data)
  }
  return {
    ...scores,
    images: keep.map((i) => scores.images[i] as ScoresValue['images'][number]),
    imageScores: keep.map((i) => scores.imageScores[i] as number),
    patchMaps: pick(scores.patchMaps),
    pixelMaps: pick(scores.pixelMaps),
  }
}
