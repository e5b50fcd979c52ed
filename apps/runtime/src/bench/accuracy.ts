import { readMask } from '@inspectflow/nodes/image/read-image'
import { auroc } from '@inspectflow/nodes/scoring/auroc'
import type { ScoresValue } from '@inspectflow/nodes/scoring/scores-value'

/** Image AUROC, pixel AUROC over every test pixel, and pixel AUROC over the defective images only. */
export interface Accuracy {
  imageAuroc: number
  pixelAuroc: number
  anomalyOnlyPixelAuroc: number
  images: number
  defective: number
}

/**
 * The reference's evaluation (REB-METHOD 8.1) in its plain form: sklearn-equivalent AUROCs, pixel
 * labels from the ground-truth masks resized like the images (PIL bicubic, > 0), normal images all 0.
 */
export async function computeAccuracy(scores: ScoresValue): Promise<Accuracy> {
  const labels = scores.images.map((image) => image.label)
  const [count, size] = scores.pixelMaps.shape as [number, number, number]
  const pixels = size * size
  const pixelLabels = new Uint8Array(count * pixels)
  const hasDefect: boolean[] = []
  for (let i = 0; i < count; i++) {
    const maskPath = scores.images[i]?.maskPath
    const mask = maskPath ? (await readMask(maskPath, size)).data : undefined
    if (mask) pixelLabels.set(mask, i * pixels)
    hasDefect.push(mask?.some((v) => v > 0) ?? false)
  }
  const anomalous = hasDefect.flatMap((has, i) => (has ? [i] : []))
  const subScores = new Float32Array(anomalous.length * pixels)
  const subLabels = new Uint8Array(anomalous.length * pixels)
  anomalous.forEach((i, row) => {
    subScores.set(scores.pixelMaps.data.subarray(i * pixels, (i + 1) * pixels), row * pixels)
    subLabels.set(pixelLabels.subarray(i * pixels, (i + 1) * pixels), row * pixels)
  })
  return {
    imageAuroc: auroc(scores.imageScores, labels),
    pixelAuroc: auroc(scores.pixelMaps.data, pixelLabels),
    anomalyOnlyPixelAuroc: auroc(subScores, subLabels),
    images: count,
    defective: labels.filter((l) => l === 1).length,
  }
}
