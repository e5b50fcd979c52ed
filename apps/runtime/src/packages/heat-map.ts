import { overlayPng } from '@inspectflow/nodes'

import type { ImageVerdict } from './inspection-model'

/**
 * The heat-map overlay of one verdict as PNG bytes. A single image has no set of maps to share a
 * colour range with, so the ramp runs from the map's lowest value to the larger of its highest value
 * and the threshold: a normal image stays cool instead of being stretched to red.
 */
export async function heatMapPng(verdict: ImageVerdict): Promise<Uint8Array> {
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const v of verdict.pixelMap) {
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  const top = Math.max(hi, verdict.threshold)
  return overlayPng({ image: verdict.image, map: verdict.pixelMap, mask: null, range: [Math.min(lo, 0), top > lo ? top : lo + 1] })
}
