import type { SeededRandom } from '../contract/random'
import type { Point } from './fill-polygon'
import type { Box, Mask } from './mask'

/** A uniformly random set pixel of the mask; any pixel when the mask is empty (`Mask.getRandomPoint`). */
export function randomSalientPoint(mask: Mask, rng: SeededRandom): Point {
  let count = 0
  for (const v of mask.data) count += v
  if (count === 0) {
    const index = rng.int(0, mask.data.length - 1)
    return { x: index % mask.width, y: Math.floor(index / mask.width) }
  }
  let wanted = rng.int(0, count - 1)
  for (let i = 0; i < mask.data.length; i++) {
    if (mask.data[i] === 0) continue
    if (wanted === 0) return { x: i % mask.width, y: Math.floor(i / mask.width) }
    wanted--
  }
  throw new Error('randomSalientPoint: unreachable')
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v))

/**
 * A width x height box centred on the anchor and moved to lie fully inside the image
 * (REB-METHOD 3.5: x1 = clamp(cx - floor(w/2), 0, W - w)).
 */
export function boxAround(anchor: Point, width: number, height: number, imageWidth: number, imageHeight: number): Box {
  if (width > imageWidth || height > imageHeight) {
    throw new RangeError(`defect placement: a ${width}x${height} box does not fit a ${imageWidth}x${imageHeight} image`)
  }
  return {
    x: clamp(anchor.x - Math.floor(width / 2), 0, imageWidth - width),
    y: clamp(anchor.y - Math.floor(height / 2), 0, imageHeight - height),
    width,
    height,
  }
}

/** A salient anchor of the target's saliency map and the box around it. */
export function placeDefect(saliency: Mask, width: number, height: number, rng: SeededRandom): Box {
  return boxAround(randomSalientPoint(saliency, rng), width, height, saliency.width, saliency.height)
}
