import sharp from 'sharp'

import type { RgbImage } from '../image/rgb-image'
import { rampColour } from './colormap'

/**
 * The four views of one test image, as anomalib's visualiser shows them: the image, its ground-truth
 * mask (null when the dataset has none for it), the colour-mapped anomaly map and the predicted mask
 * (map >= the pixel threshold). Encoded files, ready to write or embed.
 */
export interface PanelFiles {
  image: Uint8Array
  mask: Uint8Array | null
  heatmap: Uint8Array
  predicted: Uint8Array
}

/** What the panels of one image are drawn from. */
export interface PanelInput {
  image: RgbImage
  /** size x size anomaly map. */
  map: Float32Array
  /** Ground truth at map size; null when there is none to show. */
  mask: Uint8Array | null
  /** Map values at the ends of the colour ramp, shared by every image so colours compare. */
  range: [number, number]
  /** Pixels at or above it are predicted anomalous (the decision rule of every threshold). */
  threshold: number
}

/** Output side and format: photos as JPEG, two-level masks as PNG (a few hundred bytes each). */
export interface PanelEncoding {
  side: number
  jpegQuality?: number
}

/** RGB bytes of the anomaly map alone through the colour ramp. */
export function heatmapPixels(map: Float32Array, range: [number, number]): Uint8Array {
  const [lo, hi] = range
  const span = hi > lo ? hi - lo : 1
  const out = new Uint8Array(map.length * 3)
  for (let k = 0; k < map.length; k++) out.set(rampColour(((map[k] as number) - lo) / span), k * 3)
  return out
}

/** Grey bytes: 255 where the map is at or above the threshold, else 0. */
export function predictedMaskPixels(map: Float32Array, threshold: number): Uint8Array {
  const out = new Uint8Array(map.length)
  for (let k = 0; k < map.length; k++) out[k] = (map[k] as number) >= threshold ? 255 : 0
  return out
}

function binary(mask: Uint8Array): Uint8Array {
  return mask.map((v) => (v > 0 ? 255 : 0))
}

function rgbBytes(image: RgbImage): Uint8Array {
  if (image.channels === 3) return image.data
  const out = new Uint8Array(image.width * image.height * 3)
  for (let k = 0; k < image.width * image.height; k++) out.fill(image.data[k] as number, k * 3, k * 3 + 3)
  return out
}

async function encode(pixels: Uint8Array, size: number, channels: 1 | 3, encoding: PanelEncoding): Promise<Uint8Array> {
  const resized = sharp(Buffer.from(pixels), { raw: { width: size, height: size, channels } }).resize(encoding.side, encoding.side, { fit: 'fill', kernel: channels === 1 ? 'nearest' : 'lanczos3' })
  const out = channels === 1 ? await resized.png({ compressionLevel: 9 }).toBuffer() : await resized.jpeg({ quality: encoding.jpegQuality ?? 85 }).toBuffer()
  return new Uint8Array(out)
}

/** The four panels of one image, each `encoding.side` pixels square. */
export async function renderPanels(input: PanelInput, encoding: PanelEncoding): Promise<PanelFiles> {
  const size = input.image.width
  return {
    image: await encode(rgbBytes(input.image), size, 3, encoding),
    mask: input.mask ? await encode(binary(input.mask), size, 1, encoding) : null,
    heatmap: await encode(heatmapPixels(input.map, input.range), size, 3, encoding),
    predicted: await encode(predictedMaskPixels(input.map, input.threshold), size, 1, encoding),
  }
}

/** A file as a data URI, so a report shows it without any other file. */
export function dataUri(bytes: Uint8Array): string {
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8
  return `data:image/${jpeg ? 'jpeg' : 'png'};base64,${Buffer.from(bytes).toString('base64')}`
}
