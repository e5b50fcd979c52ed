import { sortFloat32 } from './radix-sort'

/**
 * Anomaly maps and ground-truth masks of a set of images, all at the same side length. Masks are
 * 0/1 per pixel (any non-zero byte is anomalous); a null mask means "no ground truth" and such images
 * are left out of pixel metrics by the caller.
 */
export interface PixelSet {
  /** [N, size, size] row-major anomaly maps. */
  maps: Float32Array
  masks: (Uint8Array | null)[]
  size: number
}

/** The map of image i as a view (no copy). */
export function mapOf(set: PixelSet, i: number): Float32Array {
  const area = set.size * set.size
  return set.maps.subarray(i * area, (i + 1) * area)
}

/** True when the mask has at least one anomalous pixel. */
export function hasPositive(mask: Uint8Array | null): boolean {
  if (!mask) return false
  for (let k = 0; k < mask.length; k++) if (mask[k] !== 0) return true
  return false
}

/**
 * Pixel scores of the chosen images split by their mask into two ascending Float32Arrays. A null
 * mask counts as all-normal (the caller decides whether that is allowed).
 */
export function splitPixels(set: PixelSet, images: readonly number[]): { pos: Float32Array; neg: Float32Array } {
  let posCount = 0
  let total = 0
  for (const i of images) {
    const mask = set.masks[i]
    total += set.size * set.size
    if (mask) for (let k = 0; k < mask.length; k++) if (mask[k] !== 0) posCount++
  }
  const pos = new Float32Array(posCount)
  const neg = new Float32Array(total - posCount)
  let p = 0
  let n = 0
  for (const i of images) {
    const map = mapOf(set, i)
    const mask = set.masks[i]
    for (let k = 0; k < map.length; k++) {
      if (mask && mask[k] !== 0) pos[p++] = map[k] as number
      else neg[n++] = map[k] as number
    }
  }
  return { pos: sortFloat32(pos), neg: sortFloat32(neg) }
}
