import type { SeededRandom } from '../contract/random'
import { type FloatTensor, floatTensor } from '../contract/tensor'
import type { Engines } from '../engine/engines'
import type { AxisCoordinates } from './axis-bounds'
import { greedyCoreset } from './greedy-coreset'
import type { MemoryBankValue } from './memorybank-value'
import { principalAxes } from './principal-axes'
import { projectRows, randomProjectionMatrix } from './random-projection'

/** Principal axes the greedy selection's lower bounds use: enough to hold most of the spread, few enough to be cheap. */
const BOUND_AXES = 32

/**
 * The projected points' coordinates along their principal axes, for the greedy selection's lower
 * bounds. Round-off allowance: float32 coordinates of rows of norm up to `maxNorm`, from a sum of
 * `dim` products, with axes orthonormal to float32 precision; 1e-4 x maxNorm is well above it.
 */
async function boundCoordinates(engines: Engines, points: Float32Array, dim: number): Promise<AxisCoordinates> {
  const axes = Math.min(BOUND_AXES, dim)
  const values = await projectRows(engines, points, dim, principalAxes(points, dim, axes), axes)
  let maxSquared = 0
  for (let r = 0; r < points.length; r += dim) {
    let s = 0
    for (let c = 0; c < dim; c++) s += (points[r + c] as number) ** 2
    if (s > maxSquared) maxSquared = s
  }
  return { values, axes, tolerance: 1e-4 * Math.sqrt(maxSquared) }
}

/** Options of `buildMemoryBank`, the same as the `memorybank.build` node's params. */
export interface BuildBankOptions {
  /** 1 keeps every patch; 0 < r < 1 keeps floor(N * r) by approximate greedy coreset. */
  coresetRatio: number
  /** Dimension of the random projection the coreset measures distances in (128 in PatchCore). */
  projectionDim: number
  startPoints: number
  rng: SeededRandom
  onProgress?: (done: number, total: number, message: string) => void
}

/**
 * Builds the memory bank from training patch features [N, H, W, D] (REB-METHOD 6): every patch as a
 * [N*H*W, D] matrix (the same data, no copy), or a coreset of floor(N*H*W * ratio) rows plus the
 * full bank, which LDKNN still needs for the local densities.
 */
export async function buildMemoryBank(engines: Engines, features: FloatTensor, options: BuildBankOptions): Promise<MemoryBankValue> {
  const dim = features.shape[features.shape.length - 1] as number
  const rows = features.data.length / dim
  const imageCount = features.shape[0] as number
  const full = floatTensor([rows, dim], features.data)
  if (options.coresetRatio >= 1) return { core: full, coresetRatio: 1, imageCount }
  const count = Math.max(1, Math.floor(rows * options.coresetRatio))
  options.onProgress?.(0, count, 'projecting patches')
  const w = randomProjectionMatrix(dim, options.projectionDim, options.rng.fork('projection'))
  const projected = await projectRows(engines, features.data, dim, w, options.projectionDim)
  const coordinates = await boundCoordinates(engines, projected, options.projectionDim)
  options.onProgress?.(0, count, 'greedy coreset')
  const picked = await greedyCoreset(projected, options.projectionDim, {
    count,
    coordinates,
    startPoints: options.startPoints,
    rng: options.rng.fork('starts'),
    onProgress: (done, total) => options.onProgress?.(done, total, 'greedy coreset'),
  })
  const core = new Float32Array(count * dim)
  picked.forEach((row, i) => core.set(features.data.subarray(row * dim, (row + 1) * dim), i * dim))
  return {
    core: floatTensor([count, dim], core),
    full,
    coreIndices: { dtype: 'int32', shape: [count], data: picked },
    coresetRatio: options.coresetRatio,
    imageCount,
  }
}
