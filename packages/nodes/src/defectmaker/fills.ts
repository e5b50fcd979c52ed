import type { SeededRandom } from '../contract/random'
import type { RgbImage } from '../image/rgb-image'
import type { DefectFillConfig, NoiseFillConfig } from './defect-values'
import { boxAround, randomSalientPoint } from './placement'
import { resizeBicubic } from './resize-bicubic'
import { drawAugmentedSample, type SamplePool } from './sample-pool'

/** The reference noise grid: 15 means x 10 flucts x 3 scales x 5 aspects = 2,250 combinations. */
export const DEFAULT_NOISE_FILL: NoiseFillConfig = {
  kind: 'noise',
  means: Array.from({ length: 15 }, (_, i) => 50 + 10 * i),
  flucts: Array.from({ length: 10 }, (_, i) => 5 * i),
  scales: [1, 2, 4],
  aspects: [1, 2, 4, 0.5, 0.25],
}

/** One drawn noise combination and the raw (pre-resize) coloured noise it produced. */
export interface NoiseDraw {
  mean: number
  fluct: number
  scale: number
  aspect: number
  /** Inclusive value bounds of the raw noise: [max(mean - fluct, 0), min(mean + fluct, 254)]. */
  bounds: [number, number]
  raw: RgbImage
}

/**
 * Raw coloured noise of `gen_random_noise_img`: each pixel and channel an independent integer in
 * [lo, hi - 1] with lo = max(mu - f, 0), hi = min(mu + f + 1, 255); the array is max(floor(w/s*r), 1)
 * wide and max(floor(w/s/r), 1) high (both from w, as the reference does).
 */
export function drawNoise(config: NoiseFillConfig, width: number, rng: SeededRandom): NoiseDraw {
  const combos = config.means.length * config.flucts.length * config.scales.length * config.aspects.length
  let index = rng.int(0, combos - 1)
  const take = (list: number[]): number => {
    const value = list[index % list.length]!
    index = Math.floor(index / list.length)
    return value
  }
  const mean = take(config.means)
  const fluct = take(config.flucts)
  const scale = take(config.scales)
  const aspect = take(config.aspects)
  const lo = Math.max(mean - fluct, 0)
  const hi = Math.min(mean + fluct + 1, 255)
  const w = Math.max(Math.floor((width / scale) * aspect), 1)
  const h = Math.max(Math.floor(width / scale / aspect), 1)
  const data = new Uint8Array(w * h * 3)
  for (let i = 0; i < data.length; i++) data[i] = rng.int(lo, hi - 1)
  return { mean, fluct, scale, aspect, bounds: [lo, hi - 1], raw: { width: w, height: h, channels: 3, data } }
}

/** Noise fill at the defect's box size: raw noise resized bicubically to width x height. */
export function noiseFill(config: NoiseFillConfig, width: number, height: number, rng: SeededRandom): RgbImage {
  const { raw } = drawNoise(config, width, rng)
  const resized = resizeBicubic(raw, width, height)
  return { width, height, channels: 3, data: resized.data }
}

/**
 * Cut-paste fill: a width x height crop of a random augmented training image, centred on one of its
 * salient pixels and moved inside the image (`CutFillMaker`, `Bbox.move_by_center`).
 */
export function cutPasteFill(pool: SamplePool, width: number, height: number, rng: SeededRandom): RgbImage {
  const source = drawAugmentedSample(pool, rng)
  const { image } = source
  const box = boxAround(randomSalientPoint(source.saliency, rng), width, height, image.width, image.height)
  const data = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    const from = ((box.y + y) * image.width + box.x) * 3
    data.set(image.data.subarray(from, from + width * 3), y * width * 3)
  }
  return { width, height, channels: 3, data }
}

/** The fill of the configured kind at the given size. */
export function makeFill(config: DefectFillConfig, width: number, height: number, pool: SamplePool, rng: SeededRandom): RgbImage {
  return config.kind === 'noise' ? noiseFill(config, width, height, rng) : cutPasteFill(pool, width, height, rng)
}
