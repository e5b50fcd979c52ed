import type { SeededRandom } from '../contract/random'
import type { RgbImage } from '../image/rgb-image'
import { alphaMask, fuse } from './blend'
import { colorJitter } from './color-jitter'
import type { DefectMakerConfig } from './defect-values'
import { makeFill } from './fills'
import { type Box, createMask, type Mask } from './mask'
import { placeDefect } from './placement'
import { augmentSample, type Sample, type SamplePool } from './sample-pool'
import { makeShape } from './shapes'

/** Attempts per defect before giving up (`DefectMaker.make_defect` retries 4 times). */
const ATTEMPTS = 4

/** A synthetic defect: the defective image, where the defect is (alpha > 0) and its box. */
export interface Defect {
  image: RgbImage
  /** Image-sized binary mask of the pixels the defect changed (alpha > 0). */
  mask: Mask
  box: Box
}

/** Thrown when every attempt to make a defect failed; names the maker and the last reason. */
export class DefectMakerError extends Error {
  constructor(maker: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    super(`defect maker "${maker}": expected a defect within ${ATTEMPTS} attempts, the last failed with: ${reason}`, { cause })
    this.name = 'DefectMakerError'
  }
}

function makeDefectOnce(maker: DefectMakerConfig, target: Sample, pool: SamplePool, rng: SeededRandom): Defect {
  const { image } = target
  const shape = makeShape(maker.shape, Math.min(image.width, image.height), rng)
  const fillRaw = makeFill(maker.fill, shape.width, shape.height, pool, rng)
  const fill = maker.jitterFill ? colorJitter(fillRaw, rng) : fillRaw
  const box = placeDefect(target.saliency, shape.width, shape.height, rng)
  const alpha = alphaMask(shape, maker.blend, rng)
  const mask = createMask(image.width, image.height)
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      if (alpha[y * box.width + x]! > 0) mask.data[(box.y + y) * image.width + box.x + x] = 1
    }
  }
  return { image: fuse(image, fill, alpha, box), mask, box }
}

/**
 * Shape x fill x placement x blend on one (already augmented) target sample (REB-METHOD 3.4-3.7),
 * retried on failure like the reference.
 */
export function makeDefect(maker: DefectMakerConfig, target: Sample, pool: SamplePool, rng: SeededRandom): Defect {
  let lastError: unknown
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      return makeDefectOnce(maker, target, pool, rng)
    } catch (error) {
      lastError = error
    }
  }
  throw new DefectMakerError(maker.name, lastError)
}

/** One SSL training item: the augmented normal image (label 0) and one defect per maker (labels 1..n). */
export interface TrainingItem {
  images: RgbImage[]
  labels: number[]
  masks: Mask[]
  /** The augmented base's placement map (transposed with the image). */
  saliency: Mask
}

/**
 * Builds the 1 + n images of one base sample in key order (REB-METHOD 3.8): the augmented base first,
 * then maker i applied to that same augmented base, labelled i + 1.
 */
export function makeTrainingItem(makers: readonly DefectMakerConfig[], base: Sample, pool: SamplePool, rng: SeededRandom): TrainingItem {
  const target = augmentSample(base, rng)
  const item: TrainingItem = { images: [target.image], labels: [0], masks: [createMask(target.image.width, target.image.height)], saliency: target.saliency }
  makers.forEach((maker, i) => {
    const defect = makeDefect(maker, target, pool, rng)
    item.images.push(defect.image)
    item.labels.push(i + 1)
    item.masks.push(defect.mask)
  })
  return item
}
