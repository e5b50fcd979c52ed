import type { SeededRandom } from '../contract/random'
import type { RgbImage } from '../image/rgb-image'
import { colorJitter } from './color-jitter'
import { createMask, type Mask } from './mask'
import { applyTranspose, randomTransposeOp } from './random-transpose'

/** A training image with its binary saliency map (all ones where there is none). */
export interface Sample {
  image: RgbImage
  saliency: Mask
}

/** The normal training images defects are made from; cut-paste fills draw from the same pool. */
export interface SamplePool {
  samples: Sample[]
}

/** Wraps decoded images and optional saliency maps into a pool; a missing map means uniform placement. */
export function createSamplePool(images: RgbImage[], saliency: (Mask | undefined)[] = []): SamplePool {
  return {
    samples: images.map((image, i) => ({ image, saliency: saliency[i] ?? createMask(image.width, image.height, 1) })),
  }
}

/**
 * The SSL augmentation of REB-METHOD 2.4: ColorJitter on the image only, then one RandomTranspose
 * operation applied to both image and saliency.
 */
export function augmentSample(sample: Sample, rng: SeededRandom): Sample {
  const jittered = colorJitter(sample.image, rng)
  const op = randomTransposeOp(rng)
  return { image: applyTranspose(jittered, op, 3), saliency: applyTranspose(sample.saliency, op, 1) }
}

/** A uniformly random training sample, augmented (what a cut-paste fill cuts from). */
export function drawAugmentedSample(pool: SamplePool, rng: SeededRandom): Sample {
  if (pool.samples.length === 0) throw new RangeError('defect maker: the training image pool is empty')
  return augmentSample(rng.pick(pool.samples), rng)
}
