import type { PlainMap } from '../backbone/reference-forward'
import { adaptivePoolBins } from './embedding-weights'

/**
 * A literal, step-by-step implementation of the REB / PatchCore patch embedding (REB-METHOD 5.2) for
 * one image: unfold, bilinear upsampling of every unfolded plane, adaptive average pooling per layer,
 * stacking and the final pooling. Slow; it is the yardstick for the fast convolution form.
 */

/** torch `F.interpolate(mode='bilinear', align_corners=False)` source index and weight along one axis. */
function bilinearTaps(outIndex: number, inSize: number, outSize: number): [number, number, number] {
  const source = Math.max(0, (outIndex + 0.5) * (inSize / outSize) - 0.5)
  const i0 = Math.min(Math.floor(source), inSize - 1)
  const i1 = Math.min(i0 + 1, inSize - 1)
  return [i0, i1, source - i0]
}

/** Unfolds a p x p zero-padded neighbourhood at every location: [size*size][C*p*p]. */
function unfold(map: PlainMap, patchSize: number): Float64Array[] {
  const pad = (patchSize - 1) / 2
  const vectors: Float64Array[] = []
  for (let y = 0; y < map.size; y++)
    for (let x = 0; x < map.size; x++) {
      const v = new Float64Array(map.channels * patchSize * patchSize)
      for (let c = 0; c < map.channels; c++)
        for (let ky = 0; ky < patchSize; ky++)
          for (let kx = 0; kx < patchSize; kx++) {
            const iy = y + ky - pad
            const ix = x + kx - pad
            const inside = iy >= 0 && ix >= 0 && iy < map.size && ix < map.size
            v[(c * patchSize + ky) * patchSize + kx] = inside ? (map.data[(c * map.size + iy) * map.size + ix] as number) : 0
          }
      vectors.push(v)
    }
  return vectors
}

/** Bilinearly resizes a grid of vectors (each component is one plane) from inSize to outSize. */
function upsampleVectors(vectors: Float64Array[], inSize: number, outSize: number): Float64Array[] {
  if (inSize === outSize) return vectors
  const out: Float64Array[] = []
  for (let y = 0; y < outSize; y++) {
    const [y0, y1, wy] = bilinearTaps(y, inSize, outSize)
    for (let x = 0; x < outSize; x++) {
      const [x0, x1, wx] = bilinearTaps(x, inSize, outSize)
      const at = (yy: number, xx: number): Float64Array => vectors[yy * inSize + xx] as Float64Array
      const [a, b, c, d] = [at(y0, x0), at(y0, x1), at(y1, x0), at(y1, x1)]
      out.push(a.map((_, i) => (1 - wy) * ((1 - wx) * (a[i] as number) + wx * (b[i] as number)) + wy * ((1 - wx) * (c[i] as number) + wx * (d[i] as number))))
    }
  }
  return out
}

/** torch `adaptive_avg_pool1d` of one vector. */
export function adaptiveAvgPool1d(vector: ArrayLike<number>, outputs: number): Float64Array {
  return Float64Array.from(adaptivePoolBins(vector.length, outputs), ([start, end]) => {
    let sum = 0
    for (let i = start; i < end; i++) sum += vector[i] as number
    return sum / (end - start)
  })
}

/**
 * The embedding of one image's tapped layers (first = reference grid): [refSize * refSize][embedDim],
 * row-major over (y, x).
 */
export function referencePatchEmbedding(layers: PlainMap[], patchSize: number, pretrainDim: number, embedDim: number): Float64Array[] {
  const refSize = (layers[0] as PlainMap).size
  const perLayer = layers.map((map) => upsampleVectors(unfold(map, patchSize), map.size, refSize).map((v) => adaptiveAvgPool1d(v, pretrainDim)))
  return Array.from({ length: refSize * refSize }, (_, location) => {
    const stacked = new Float64Array(layers.length * pretrainDim)
    perLayer.forEach((vectors, l) => stacked.set(vectors[location] as Float64Array, l * pretrainDim))
    return adaptiveAvgPool1d(stacked, embedDim)
  })
}
