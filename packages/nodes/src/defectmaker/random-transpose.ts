import type { SeededRandom } from '../contract/random'

/** The PIL transpose operations `RandomTranspose` picks from. */
export type TransposeOp = 'identity' | 'rot90' | 'rot180' | 'rot270' | 'transpose' | 'transverse' | 'flipLeftRight'

/**
 * The reference's 9-entry list: transverse and the horizontal flip appear twice (2/9 each), the others
 * once (1/9 each), and there is never a vertical flip (REB-METHOD 2.4).
 */
export const TRANSPOSE_CHOICES: readonly TransposeOp[] = [
  'identity', 'rot90', 'rot180', 'rot270', 'transpose', 'transverse', 'transverse', 'flipLeftRight', 'flipLeftRight',
]

/** Draws one operation; apply the same one to an image and its saliency map. */
export function randomTransposeOp(rng: SeededRandom): TransposeOp {
  return rng.pick(TRANSPOSE_CHOICES)
}

/** Any HWC 8-bit array: an RGB image (3 channels) or a mask/saliency map (1 channel). */
export interface Grid {
  width: number
  height: number
  data: Uint8Array
}

/** Source pixel (x, y) of output pixel (ox, oy) for an input of size w x h. */
function sourceOf(op: TransposeOp, ox: number, oy: number, w: number, h: number): [number, number] {
  switch (op) {
    case 'identity': return [ox, oy]
    case 'flipLeftRight': return [w - 1 - ox, oy]
    case 'rot90': return [w - 1 - oy, ox] // counter-clockwise
    case 'rot180': return [w - 1 - ox, h - 1 - oy]
    case 'rot270': return [oy, h - 1 - ox]
    case 'transpose': return [oy, ox]
    case 'transverse': return [w - 1 - oy, h - 1 - ox]
  }
}

/** Applies a transpose operation to a grid with `channels` values per pixel; returns a new grid. */
export function applyTranspose<G extends Grid>(grid: G, op: TransposeOp, channels: number): G {
  const swaps = op === 'rot90' || op === 'rot270' || op === 'transpose' || op === 'transverse'
  const outW = swaps ? grid.height : grid.width
  const outH = swaps ? grid.width : grid.height
  const data = new Uint8Array(grid.data.length)
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      const [sx, sy] = sourceOf(op, ox, oy, grid.width, grid.height)
      const from = (sy * grid.width + sx) * channels
      data.set(grid.data.subarray(from, from + channels), (oy * outW + ox) * channels)
    }
  }
  return { ...grid, width: outW, height: outH, data }
}
