import type { EmbeddingPlan } from './embedding-plan'

/** Locations handled together, so the rows written stay in cache while every channel is filled. */
const LOCATION_BLOCK = 64

/**
 * Writes the NCHW parts of a batch (one array per plan part, [count, channels, hw]) into NHWC
 * features `out` [.., hw, embedDim] starting at image `firstImage`: one pass, channels placed where
 * the plan says.
 */
export function writePartsNhwc(parts: Float32Array[], plan: EmbeddingPlan, count: number, hw: number, out: Float32Array, firstImage: number): void {
  const embedDim = plan.parts.reduce((sum, part) => sum + part.finalChannels.length, 0)
  for (let n = 0; n < count; n++) {
    const imageBase = (firstImage + n) * hw * embedDim
    for (let start = 0; start < hw; start += LOCATION_BLOCK) {
      const end = Math.min(start + LOCATION_BLOCK, hw)
      plan.parts.forEach((part, p) => {
        const source = parts[p] as Float32Array
        const channels = part.finalChannels.length
        for (let c = 0; c < channels; c++) {
          const d = part.finalChannels[c] as number
          const plane = (n * channels + c) * hw
          for (let loc = start; loc < end; loc++) out[imageBase + loc * embedDim + d] = source[plane + loc] as number
        }
      })
    }
  }
}
