import { floatTensor } from '../contract/tensor'
import type { PatchFeaturesValue } from '../features/features-value'
import { imageScoreFromPatches, pixelMapFromPatches } from './anomaly-maps'
import type { ScoresValue, ScoringTiming } from './scores-value'

/**
 * Turns the patch scores of every test image ([N * H * W], in feature order) into a `ScoresValue`:
 * image score = max of 3x3 stride-3 block means, pixel map = bilinear to the image size, Gaussian sigma.
 */
export function scoresFromPatches(features: PatchFeaturesValue, patchScores: Float32Array, method: string, sigma: number): ScoresValue {
  const [count, height, width] = features.features.shape as [number, number, number, number]
  const size = features.imageSize
  const pixelMaps = new Float32Array(count * size * size)
  const imageScores: number[] = []
  for (let i = 0; i < count; i++) {
    const map = patchScores.subarray(i * height * width, (i + 1) * height * width)
    imageScores.push(imageScoreFromPatches(map, height, width))
    pixelMaps.set(pixelMapFromPatches(map, height, width, size, sigma), i * size * size)
  }
  return {
    images: features.images,
    imageScores,
    patchMaps: floatTensor([count, height, width], patchScores),
    pixelMaps: floatTensor([count, size, size], pixelMaps),
    method,
  }
}

/** {@link scoresFromPatches}, with the search's timing and the time the maps took recorded on the value. */
export function timedScoresFromPatches(
  features: PatchFeaturesValue,
  patchScores: Float32Array,
  method: string,
  sigma: number,
  search: Omit<ScoringTiming, 'mapsMs'>,
): ScoresValue {
  const started = Date.now()
  const scores = scoresFromPatches(features, patchScores, method, sigma)
  return { ...scores, timing: { ...search, mapsMs: Date.now() - started } }
}

/** Human-readable account of the bank, for `ScoresValue.method`. */
export function describeBank(coreRows: number, fullRows: number, ratio: number): string {
  return ratio >= 1 ? `full bank (${fullRows} patches)` : `coreset ${ratio} (${coreRows} of ${fullRows} patches)`
}
