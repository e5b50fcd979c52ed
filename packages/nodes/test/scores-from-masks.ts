import { floatTensor } from '../src/contract/tensor'
import { createRandom } from '../src/contract/random'
import type { DatasetValue } from '../src/datasets/dataset-value'
import { loadMasks } from '../src/eval/load-masks'
import type { ScoresValue } from '../src/scoring/scores-value'

/**
 * Scores a test needs without a backbone: each pixel map is the ground-truth mask times `strength`
 * plus seeded noise, and the image score is the map's maximum. Strength 1 separates defects well;
 * lower strengths make the task harder.
 */
export async function scoresFromMasks(dataset: DatasetValue, strength = 1, seed = 'scores'): Promise<ScoresValue> {
  const rng = createRandom(seed)
  const size = dataset.imageSize
  const masks = await loadMasks({ signal: new AbortController().signal, progress: () => undefined }, dataset.test, size)
  const maps = new Float32Array(dataset.test.length * size * size)
  const imageScores = masks.map((mask, i) => {
    let max = -Infinity
    for (let k = 0; k < size * size; k++) {
      const v = (mask?.[k] ?? 0) * strength + 0.5 * rng.next()
      maps[i * size * size + k] = v
      if (v > max) max = v
    }
    return max
  })
  return {
    images: dataset.test,
    imageScores,
    patchMaps: floatTensor([dataset.test.length, 1, 1], Float32Array.from(imageScores)),
    pixelMaps: floatTensor([dataset.test.length, size, size], maps),
    method: `mask + noise (strength ${strength})`,
  }
}
