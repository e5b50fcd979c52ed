import { NodeInputError } from '../contract/errors'
import { floatTensor } from '../contract/tensor'
import { imageScoreFromPatches, pixelMapFromPatches } from './anomaly-maps'
import type { PatchScoresValue } from './patch-scores-value'
import type { ScoresValue } from './scores-value'

/** How one image's patch scores become its image score. */
export type ImageScoreReduction = 'block-mean-max' | 'max'

/** Options of {@link scoresFromPatchScores}. */
export interface AnomalyMapOptions {
  /** Gaussian sigma of the pixel maps, in pixels. */
  sigma: number
  /** `block-mean-max`: max of 3x3 stride-3 block means (REB-METHOD 7.5); `max`: the largest patch score. */
  imageScore: ImageScoreReduction
}

/**
 * Image scores and pixel maps from patch scores: the image score by the chosen reduction, the pixel
 * map by bilinear upsampling to the image size and a Gaussian, from `mapPatches` where given (other
 * patch scores of the same images). Records the time the maps took beside the search's timing.
 */
export function scoresFromPatchScores(patches: PatchScoresValue, options: AnomalyMapOptions, mapPatches?: PatchScoresValue): ScoresValue {
  const started = Date.now()
  const [count, height, width] = patches.patchMaps.shape as [number, number, number]
  if (mapPatches) checkSameImages(patches, mapPatches)
  const mapSource = (mapPatches ?? patches).patchMaps.data
  const size = patches.imageSize
  const pixelMaps = new Float32Array(count * size * size)
  const imageScores: number[] = []
  for (let i = 0; i < count; i++) {
    const map = patches.patchMaps.data.subarray(i * height * width, (i + 1) * height * width)
    imageScores.push(options.imageScore === 'max' ? maxOf(map) : imageScoreFromPatches(map, height, width))
    const mapOf = mapSource.subarray(i * height * width, (i + 1) * height * width)
    pixelMaps.set(pixelMapFromPatches(mapOf, height, width, size, options.sigma), i * size * size)
  }
  const search = patches.timing ?? { nearestMs: 0, densityMs: 0, densitiesComputed: 0 }
  return {
    images: patches.images,
    imageScores,
    patchMaps: patches.patchMaps,
    pixelMaps: floatTensor([count, size, size], pixelMaps),
    method: mapPatches ? `${patches.method}; maps from ${mapPatches.method}` : patches.method,
    timing: { ...search, mapsMs: Date.now() - started },
  }
}

/** The map scores must describe the same images on the same patch grid. */
function checkSameImages(patches: PatchScoresValue, mapPatches: PatchScoresValue): void {
  const same = patches.patchMaps.shape.join('x') === mapPatches.patchMaps.shape.join('x') && patches.images.every((image, i) => image.path === mapPatches.images[i]?.path)
  if (!same) {
    throw new NodeInputError('mapScores', `patch scores of the same ${patches.images.length} images on the same grid [${patches.patchMaps.shape.join(', ')}]`, `[${mapPatches.patchMaps.shape.join(', ')}] of ${mapPatches.images.length} images`)
  }
}

function maxOf(values: Float32Array): number {
  let best = Number.NEGATIVE_INFINITY
  for (const v of values) if (v > best) best = v
  return best
}

/** Human-readable account of the bank, for the scores' `method`. */
export function describeBank(coreRows: number, fullRows: number, ratio: number): string {
  return ratio >= 1 ? `full bank (${fullRows} patches)` : `coreset ${ratio} (${coreRows} of ${fullRows} patches)`
}
