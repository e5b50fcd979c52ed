import type { InferenceSession, Tensor as OnnxTensor } from 'onnxruntime-node'

import { BACKBONE_INPUT, buildBackboneOnnx, featuresOutput } from './build-backbone-onnx'
import { type ArchitectureSpec, describeArchitecture } from '../backbone/architecture'
import { stageSizes } from '../backbone/onnx-trunk'
import { throwIfCancelled } from '../contract/errors'
import type { FloatTensor } from '../contract/tensor'
import type { Engines } from '../engine/engines'
import { type ImageFit, readImageRgb, type Resample } from '../image/read-image'
import type { RgbImage } from '../image/rgb-image'
import { cachedOnnxSession, type OnnxSession } from '../onnx/session'
import { type EmbeddingPlan, planEmbedding } from './embedding-plan'
import type { FeatureExtractorValue } from './features-value'
import { writePartsNhwc } from './write-parts-nhwc'

/** Options of {@link extractPatchFeatures}. */
export interface ExtractOptions {
  /** Square side every image is read at (images given as pixels must already have it). */
  imageSize: number
  /** How image files are resized to imageSize (default DEFAULT_RESAMPLE). */
  resample?: Resample
  /** How non-square image files become square (default squash). */
  fit?: ImageFit
  /** Images per onnxruntime call (default 8). */
  batchSize?: number
  /** Checked before every batch. */
  signal?: AbortSignal
  /** Called after every batch with images done so far. */
  onProgress?: (done: number, total: number) => void
  /** Overrides the catalog architecture (tests with tiny networks). */
  architecture?: ArchitectureSpec
}

/** Cache key of the ONNX session: same weights and same embedding settings give the same model. */
function sessionKey(extractor: FeatureExtractorValue, imageSize: number, architecture?: ArchitectureSpec): string {
  const { backbone } = extractor
  return JSON.stringify([
    backbone.weightsHash, backbone.arch, backbone.preprocess, extractor.layers, extractor.patchSize,
    extractor.pretrainEmbedDim, extractor.embedDim, imageSize, architecture ?? null,
  ])
}

/** The session computing NHWC patch features for `extractor` at `imageSize`, built once per Engines. */
export function featureSession(engines: Engines, extractor: FeatureExtractorValue, imageSize: number, architecture?: ArchitectureSpec): Promise<OnnxSession> {
  return cachedOnnxSession(engines, sessionKey(extractor, imageSize, architecture), () =>
    buildBackboneOnnx(extractor.backbone, {
      imageSize,
      taps: extractor.layers,
      embedding: { patchSize: extractor.patchSize, pretrainDim: extractor.pretrainEmbedDim, embedDim: extractor.embedDim },
      ...(architecture ? { architecture } : {}),
    }),
  )
}

/** The same plan buildBackboneOnnx used for this extractor's graph. */
function embeddingPlanOf(extractor: FeatureExtractorValue, spec: ArchitectureSpec): EmbeddingPlan {
  const channels = extractor.layers.map((layer) => spec.stages.find((s) => s.name === layer)?.outChannels ?? 0)
  return planEmbedding({ channels, patchSize: extractor.patchSize, pretrainDim: extractor.pretrainEmbedDim, embedDim: extractor.embedDim })
}

/** The embedding parts of one batch's result, each checked against the plan's shape. */
function checkedParts(result: InferenceSession.OnnxValueMapType, plan: EmbeddingPlan, count: number, grid: number): OnnxTensor[] {
  return plan.parts.map((part, i) => {
    const tensor = result[featuresOutput(i)]
    const expected = [count, part.finalChannels.length, grid, grid]
    if (!tensor || tensor.dims.join() !== expected.join()) {
      throw new RangeError(`extractPatchFeatures: model output ${featuresOutput(i)} is [${tensor?.dims.join(', ')}], expected [${expected.join(', ')}]`)
    }
    return tensor
  })
}

/**
 * Decodes (where given paths) and stacks a batch of images into `buffer`, reused batch after batch
 * (fresh memory costs a page fault per page); returns the part of it the batch fills.
 */
async function loadPixels(items: (RgbImage | string)[], size: number, read: Pick<ExtractOptions, 'resample' | 'fit'>, buffer: Uint8Array): Promise<Uint8Array> {
  const images = await Promise.all(items.map((item) => (typeof item === 'string' ? readImageRgb(item, size, read.resample, read.fit) : Promise.resolve(item))))
  const batch = buffer.subarray(0, images.length * size * size * 3)
  images.forEach((image, i) => {
    if (image.width !== size || image.height !== size || image.channels !== 3) {
      throw new RangeError(`extractPatchFeatures: image ${i} is ${image.width}x${image.height}x${image.channels}, expected ${size}x${size}x3`)
    }
    batch.set(image.data, i * size * size * 3)
  })
  return batch
}

/**
 * Runs the backbone and the REB patch embedding on images (pixels or file paths) in batches and
 * returns the features [N, h, w, embedDim] (NHWC, h = imageSize / stride of the first layer). The next
 * batch is decoded while onnxruntime works on the current one.
 */
export async function extractPatchFeatures(
  engines: Engines,
  extractor: FeatureExtractorValue,
  images: (RgbImage | string)[],
  options: ExtractOptions,
): Promise<FloatTensor> {
  const { imageSize } = options
  const batchSize = Math.max(1, options.batchSize ?? 8)
  const [{ session }, ort] = await Promise.all([featureSession(engines, extractor, imageSize, options.architecture), engines.onnx()])
  const spec = options.architecture ?? describeArchitecture(extractor.backbone.arch)
  const grid = stageSizes(spec, imageSize)[extractor.layers[0] as string] as number
  const perImage = grid * grid * extractor.embedDim
  const plan = embeddingPlanOf(extractor, spec)
  const output = new Float32Array(images.length * perImage)
  // two input batches: one being inferred while the next is decoded into the other
  const inputBuffers = [0, 1].map(() => new Uint8Array(Math.min(batchSize, images.length) * imageSize * imageSize * 3))
  // onnxruntime fills these in place: allocating fresh outputs every batch cost about 2 ms of CPU per image
  const outputBuffers = new Map<number, Record<string, OnnxTensor>>()
  const outputsFor = (count: number): Record<string, OnnxTensor> => {
    let buffers = outputBuffers.get(count)
    if (!buffers) {
      buffers = Object.fromEntries(plan.parts.map((part, i) => {
        const dims = [count, part.finalChannels.length, grid, grid]
        return [featuresOutput(i), new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)), dims)]
      }))
      outputBuffers.set(count, buffers)
    }
    return buffers
  }
  let next = images.length > 0 ? loadPixels(images.slice(0, batchSize), imageSize, options, inputBuffers[0] as Uint8Array) : undefined
  for (let start = 0; start < images.length; start += batchSize) {
    if (options.signal) throwIfCancelled(options.signal)
    const pixels = await (next as Promise<Uint8Array>)
    const count = pixels.length / (imageSize * imageSize * 3)
    // onnxruntime and sharp both queue their work on libuv's thread pool: submitting the inference
    // before the next batch's decodes keeps it from waiting behind them
    const running = session.run({ [BACKBONE_INPUT]: new ort.Tensor('uint8', pixels, [count, imageSize, imageSize, 3]) }, outputsFor(count))
    const following = start + batchSize
    next = following < images.length ? loadPixels(images.slice(following, following + batchSize), imageSize, options, inputBuffers[(following / batchSize) % 2] as Uint8Array) : undefined
    // keep a failed prefetch from surfacing as an unhandled rejection; it is awaited (and thrown) next round
    next?.catch(() => undefined)
    const parts = checkedParts(await running, plan, count, grid)
    writePartsNhwc(parts.map((t) => t.data as Float32Array), plan, count, grid * grid, output, start)
    options.onProgress?.(start + count, images.length)
  }
  return { dtype: 'float32', shape: [images.length, grid, grid, extractor.embedDim], data: output }
}
