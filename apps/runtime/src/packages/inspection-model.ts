import {
  type Engines,
  extractPatchFeatures,
  type FloatTensor,
  type ImageSource,
  type OneImageScore,
  type PreparedInspectionBank,
  prepareInspectionBank,
  readImageRgb,
  type RgbImage,
  scoreImages,
} from '@inspectflow/nodes'

import type { FittedInspection } from './fitted-inspection'

/** The verdict on one image. */
export interface ImageVerdict {
  score: number
  threshold: number
  /** score >= threshold, the rule of every InspectFlow threshold. */
  anomalous: boolean
  /** [imageSize * imageSize] pixel anomaly map. */
  pixelMap: Float32Array
  /** The pixels the model saw (imageSize square), for the overlay. */
  image: RgbImage
  timing: { decodeMs: number; featuresMs: number; searchMs: number; mapMs: number }
}

/**
 * A fitted inspection loaded and kept warm: the feature model's onnxruntime session built and run
 * once, the bank's norms and search session ready. Scoring decodes the image straight to the
 * package's preprocessing (size, resample, fit) and runs the same functions as the graph's nodes.
 */
export class InspectionModel {
  private constructor(
    readonly fitted: FittedInspection,
    private readonly engines: Engines,
    private readonly bank: PreparedInspectionBank,
  ) {}

  /** Loads the model and warms it up with one blank image. */
  static async load(fitted: FittedInspection, engines: Engines): Promise<InspectionModel> {
    const bank = await prepareInspectionBank(engines, fitted.bank, fitted.scoring)
    const model = new InspectionModel(fitted, engines, bank)
    const size = fitted.preprocessing.imageSize
    await model.features([{ width: size, height: size, channels: 3, data: new Uint8Array(size * size * 3) }])
    return model
  }

  get imageSize(): number {
    return this.fitted.preprocessing.imageSize
  }

  /** Decodes an image (path or bytes) to the package's preprocessing. */
  decode(source: ImageSource): Promise<RgbImage> {
    const { imageSize, resample, fit } = this.fitted.preprocessing
    return readImageRgb(source, imageSize, resample, fit)
  }

  private features(images: RgbImage[]): Promise<FloatTensor> {
    return extractPatchFeatures(this.engines, this.fitted.extractor, images, { imageSize: this.imageSize, batchSize: Math.max(1, images.length) })
  }

  /** Scores decoded images together: one feature batch and one bank search for all of them. */
  async scoreDecoded(images: RgbImage[], decodeMs: number[] = []): Promise<ImageVerdict[]> {
    const started = performance.now()
    const features = await this.features(images)
    const featuresMs = (performance.now() - started) / images.length
    const scores: OneImageScore[] = await scoreImages(this.bank, features, this.imageSize)
    const threshold = this.fitted.threshold.value
    return scores.map((s, i) => ({
      score: s.imageScore,
      threshold,
      anomalous: s.imageScore >= threshold,
      pixelMap: s.pixelMap,
      image: images[i] as RgbImage,
      timing: { decodeMs: decodeMs[i] ?? 0, featuresMs, searchMs: s.timing.searchMs, mapMs: s.timing.mapMs },
    }))
  }

  /** Decodes and scores images (paths or bytes) in one batch. */
  async inspect(sources: ImageSource[]): Promise<ImageVerdict[]> {
    const decodeMs: number[] = []
    const images = await Promise.all(
      sources.map(async (source, i) => {
        const started = performance.now()
        const image = await this.decode(source)
        decodeMs[i] = performance.now() - started
        return image
      }),
    )
    return this.scoreDecoded(images, decodeMs)
  }
}
