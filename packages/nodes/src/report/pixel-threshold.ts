import type { ThresholdValue } from '../eval/eval-values'

/** The value the predicted-mask panels cut the anomaly maps at, and a sentence saying where it comes from. */
export interface PixelThreshold {
  value: number
  source: string
}

/** One labelled image's pixels for the choice: its map and mask (null: no defect pixels, as a good image). */
export interface PixelSample {
  map: Float32Array
  mask: Uint8Array | null
}

const BINS = 2048

/**
 * The map value with the best pixel F1 over the given images (anomalib's adaptive pixel threshold),
 * found on a histogram of the map values so it stays linear in the pixel count. Undefined when no
 * pixel is a defect pixel.
 */
export function bestPixelF1(samples: readonly PixelSample[], range: [number, number]): { value: number; f1: number } | undefined {
  const [lo, hi] = range
  const span = hi > lo ? hi - lo : 1
  const positives = new Float64Array(BINS)
  const negatives = new Float64Array(BINS)
  let totalPositive = 0
  for (const { map, mask } of samples) {
    for (let k = 0; k < map.length; k++) {
      const bin = Math.min(BINS - 1, Math.max(0, Math.floor((((map[k] as number) - lo) / span) * BINS)))
      if (mask && (mask[k] as number) > 0) {
        positives[bin]!++
        totalPositive++
      } else negatives[bin]!++
    }
  }
  if (totalPositive === 0) return undefined
  // Sweep the cut from the top bin down: every pixel in bins >= b is called anomalous.
  let tp = 0
  let fp = 0
  let best: { value: number; f1: number } | undefined
  for (let b = BINS - 1; b >= 0; b--) {
    tp += positives[b]!
    fp += negatives[b]!
    const f1 = (2 * tp) / (2 * tp + fp + (totalPositive - tp))
    if (!best || f1 > best.f1) best = { value: lo + (b / BINS) * span, f1 }
  }
  return best
}

/**
 * The threshold of the predicted masks. The evaluation decides images, not pixels, and the maps may
 * come from other patch scores than the image scores (another scale), so with ground-truth masks the
 * cut is the best pixel F1 on them; without masks it is the image threshold, and the sentence says so.
 */
export function pixelThresholdFor(samples: readonly PixelSample[], range: [number, number], image: ThresholdValue): PixelThreshold {
  const withMasks = samples.filter((s) => s.mask !== null).length
  const best = withMasks > 0 ? bestPixelF1(samples, range) : undefined
  if (best) {
    return {
      value: best.value,
      source: `best pixel F1 (${best.f1.toFixed(3)}) on the ground-truth masks of ${samples.length} labelled test images; the evaluation sets no pixel threshold of its own`,
    }
  }
  return {
    value: image.value,
    source: `the image threshold (${image.method}), as no ground-truth mask allows choosing a pixel threshold; the maps may be on another scale than the image scores`,
  }
}
