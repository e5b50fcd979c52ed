import type { SeededRandom } from '../contract/random'
import type { DefectMakerConfig } from '../defectmaker/defect-values'
import { makeTrainingItem } from '../defectmaker/make-defect'
import type { SamplePool } from '../defectmaker/sample-pool'

/** One forward batch of the SSL task: NHWC pixels 0..255 and class labels, in key order per item. */
export interface SslBatch {
  /** [count, size, size, 3] as float 0..255. */
  pixels: Float32Array
  labels: number[]
  count: number
  size: number
}

/**
 * `items` base images drawn uniformly from the pool, each giving 1 + makers.length images (the
 * augmented normal, label 0, then maker i, label i + 1), flattened in that order (REB-METHOD 3.8).
 */
export function buildSslBatch(pool: SamplePool, makers: readonly DefectMakerConfig[], items: number, rng: SeededRandom): SslBatch {
  const first = pool.samples[0]
  if (!first) throw new RangeError('SSL batch: the training image pool is empty')
  const size = first.image.width
  const perItem = 1 + makers.length
  const count = items * perItem
  const pixels = new Float32Array(count * size * size * 3)
  const labels: number[] = []
  for (let i = 0; i < items; i++) {
    const base = pool.samples[rng.int(0, pool.samples.length - 1)]!
    const item = makeTrainingItem(makers, base, pool, rng)
    item.images.forEach((image, j) => pixels.set(image.data, (i * perItem + j) * size * size * 3))
    labels.push(...item.labels)
  }
  return { pixels, labels, count, size }
}
