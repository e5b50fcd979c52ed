import { throwIfCancelled } from '../contract/errors'
import type { DatasetImage } from '../datasets/dataset-value'
import { type ImageFit, readImageRgb, type Resample } from '../image/read-image'
import type { DefectMakerConfig, SaliencyConfig } from './defect-values'
import { createSamplePool, type SamplePool } from './sample-pool'
import { saliencyForImage } from './saliency'

/** Options of {@link loadSamplePool}. */
export interface LoadPoolOptions {
  size: number
  /** The dataset's resample, so that training sees the pixels the features see. */
  resample?: Resample
  /** The dataset's fit of non-square images. */
  fit?: ImageFit
  saliency: SaliencyConfig
  signal?: AbortSignal
  onProgress?: (done: number, total: number) => void
}

/** Decodes training images at size x size with their binary saliency maps into a sample pool. */
export async function loadSamplePool(images: readonly DatasetImage[], options: LoadPoolOptions): Promise<SamplePool> {
  const decoded = []
  const maps = []
  for (const [i, source] of images.entries()) {
    if (options.signal) throwIfCancelled(options.signal)
    const image = await readImageRgb(source.path, options.size, options.resample, options.fit)
    decoded.push(image)
    maps.push(await saliencyForImage(options.saliency, image, source))
    options.onProgress?.(i + 1, images.length)
  }
  return createSamplePool(decoded, maps)
}

/**
 * The one placement-map configuration a pool is built with: the first maker's. Makers that disagree
 * are reported through `warn`, since their images would all use this one.
 */
export function poolSaliency(makers: readonly DefectMakerConfig[], warn: (message: string) => void): SaliencyConfig {
  const first = makers[0]
  if (!first) throw new RangeError('makers: expected at least one connected DefectMaker, found none')
  const differing = makers.filter((m) => m.saliency.mode !== first.saliency.mode).map((m) => m.name)
  if (differing.length > 0) warn(`makers ${differing.join(', ')} use another saliency mode than ${first.name}; all use "${first.saliency.mode}"`)
  return first.saliency
}
