import type { DatasetImage } from '../datasets/dataset-value'
import { type ImageFit, readImageRgb } from '../image/read-image'
import type { RgbImage } from '../image/rgb-image'
import { erode } from './blend'
import type { SaliencyConfig } from './defect-values'
import { createMask, maskArea, type Mask } from './mask'

/** The saliency file the reference expects next to an image: `<path without extension><suffix>`. */
export function saliencyPathFor(imagePath: string, suffix: string): string {
  return imagePath.replace(/\.[^./\\]+$/, '') + suffix
}

/** Reads a saliency map (cropped like its image) and binarises it at > 0 (REB-METHOD 2.3: any non-zero pixel is salient). */
export async function readSaliencyMap(path: string, size: number, fit?: ImageFit): Promise<Mask> {
  const map = await readImageRgb(path, size, undefined, fit)
  const mask = createMask(map.width, map.height)
  for (let i = 0; i < mask.data.length; i++) {
    mask.data[i] = map.data[i * 3]! > 0 || map.data[i * 3 + 1]! > 0 || map.data[i * 3 + 2]! > 0 ? 1 : 0
  }
  return mask
}

/** Otsu's threshold of a list of values in [0, 255]: the cut that maximises between-class variance. */
export function otsuThreshold(values: Float32Array): number {
  const histogram = new Float64Array(256)
  for (const v of values) histogram[Math.min(255, Math.max(0, Math.round(v)))]! += 1
  const total = values.length
  let sumAll = 0
  for (let i = 0; i < 256; i++) sumAll += i * histogram[i]!
  let best = 0
  let bestVariance = -1
  let weightBelow = 0
  let sumBelow = 0
  for (let t = 0; t < 256; t++) {
    weightBelow += histogram[t]!
    sumBelow += t * histogram[t]!
    const weightAbove = total - weightBelow
    if (weightBelow === 0 || weightAbove === 0) continue
    const meanBelow = sumBelow / weightBelow
    const meanAbove = (sumAll - sumBelow) / weightAbove
    const variance = weightBelow * weightAbove * (meanBelow - meanAbove) ** 2
    if (variance > bestVariance) {
      bestVariance = variance
      best = t
    }
  }
  return best
}

/** Median of each channel over the one-pixel image border: the background colour estimate. */
function borderColour(image: RgbImage): [number, number, number] {
  const { width: w, height: h } = image
  const channels: number[][] = [[], [], []]
  for (let i = 0; i < w * h; i++) {
    const x = i % w
    const y = Math.floor(i / w)
    if (x !== 0 && y !== 0 && x !== w - 1 && y !== h - 1) continue
    for (let c = 0; c < 3; c++) channels[c]!.push(image.data[i * 3 + c]!)
  }
  const median = (list: number[]): number => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!
  return [median(channels[0]!), median(channels[1]!), median(channels[2]!)]
}

/** Binary dilation with a (2r+1)^2 square, used to close small gaps after thresholding. */
function dilate(mask: Mask, r: number): Mask {
  const inverted = { ...mask, data: mask.data.map((v) => 1 - v) }
  const grown = erode(inverted, 2 * r + 1)
  return { ...mask, data: grown.data.map((v) => 1 - v) }
}

/**
 * A classical foreground estimate, the substitute for the reference's learned EDN saliency
 * (REB-METHOD 12.5): colour distance to the border's median colour, Otsu threshold, then an opening and
 * a closing to drop speckle and fill small holes. A result covering under 1% or over 99% of the image
 * is not trusted and gives uniform placement instead.
 */
export function estimateForeground(image: RgbImage): Mask {
  const background = borderColour(image)
  const n = image.width * image.height
  const distance = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    const dr = image.data[i * 3]! - background[0]
    const dg = image.data[i * 3 + 1]! - background[1]
    const db = image.data[i * 3 + 2]! - background[2]
    distance[i] = Math.min(255, Math.sqrt(dr * dr + dg * dg + db * db))
  }
  const threshold = otsuThreshold(distance)
  const raw = createMask(image.width, image.height)
  for (let i = 0; i < n; i++) raw.data[i] = distance[i]! > threshold ? 1 : 0
  const opened = dilate(erode(raw, 3), 1)
  const closed = erode(dilate(opened, 2), 5)
  const fraction = maskArea(closed) / n
  return fraction < 0.01 || fraction > 0.99 ? createMask(image.width, image.height, 1) : closed
}

/**
 * The binary placement map of one training image under a saliency config: all ones (uniform), the map
 * file next to the image (all ones where it is missing), or the foreground estimate.
 */
export async function saliencyForImage(config: SaliencyConfig, image: RgbImage, source: DatasetImage): Promise<Mask> {
  if (config.mode === 'uniform') return createMask(image.width, image.height, 1)
  if (config.mode === 'foreground') return estimateForeground(image)
  const path = source.saliencyPath ?? saliencyPathFor(source.path, config.fileSuffix)
  try {
    return await readSaliencyMap(path, image.width, source.fit)
  } catch {
    // the reference replaces a missing map by all ones; the node's note counts how many were found
    return createMask(image.width, image.height, 1)
  }
}
