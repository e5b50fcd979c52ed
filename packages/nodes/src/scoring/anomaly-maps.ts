/**
 * From patch scores to image scores and pixel maps, with the reference's numerics (REB-METHOD 7.5,
 * 7.6, 12.2): block-mean max for the image score, bilinear (align_corners = false) upsampling and a
 * SciPy-style Gaussian (truncate 4, mode reflect) for the pixel map.
 */

/**
 * Image score: `F.avg_pool2d(P, 3)` (kernel 3, stride 3, no padding, trailing rows and columns that do
 * not fill a block are dropped) and the max of the block means.
 */
export function imageScoreFromPatches(map: Float32Array, height: number, width: number, block = 3): number {
  let best = Number.NEGATIVE_INFINITY
  for (let by = 0; by + block <= height; by += block) {
    for (let bx = 0; bx + block <= width; bx += block) {
      let sum = 0
      for (let y = by; y < by + block; y++) for (let x = bx; x < bx + block; x++) sum += map[y * width + x] as number
      best = Math.max(best, sum / (block * block))
    }
  }
  // a map smaller than one block: fall back to its plain max rather than -Infinity
  return best === Number.NEGATIVE_INFINITY ? Math.max(...map) : best
}

/** PyTorch's source index for `align_corners = false`: taps and weights of one output coordinate. */
function bilinearTaps(inSize: number, outSize: number): { i0: Int32Array; i1: Int32Array; w1: Float64Array } {
  const scale = inSize / outSize
  const i0 = new Int32Array(outSize)
  const i1 = new Int32Array(outSize)
  const w1 = new Float64Array(outSize)
  for (let o = 0; o < outSize; o++) {
    const src = Math.max((o + 0.5) * scale - 0.5, 0)
    const lo = Math.floor(src)
    i0[o] = lo
    i1[o] = lo < inSize - 1 ? lo + 1 : lo
    w1[o] = src - lo
  }
  return { i0, i1, w1 }
}

/** Bilinear resize of a single-channel [h, w] map to [outH, outW] as `F.interpolate(..., align_corners=False)`. */
export function resizeBilinear(map: Float32Array, height: number, width: number, outHeight: number, outWidth: number): Float64Array {
  const ys = bilinearTaps(height, outHeight)
  const xs = bilinearTaps(width, outWidth)
  const out = new Float64Array(outHeight * outWidth)
  for (let y = 0; y < outHeight; y++) {
    const r0 = (ys.i0[y] as number) * width
    const r1 = (ys.i1[y] as number) * width
    const wy = ys.w1[y] as number
    for (let x = 0; x < outWidth; x++) {
      const c0 = xs.i0[x] as number
      const c1 = xs.i1[x] as number
      const wx = xs.w1[x] as number
      const top = (map[r0 + c0] as number) * (1 - wx) + (map[r0 + c1] as number) * wx
      const bottom = (map[r1 + c0] as number) * (1 - wx) + (map[r1 + c1] as number) * wx
      out[y * outWidth + x] = top * (1 - wy) + bottom * wy
    }
  }
  return out
}

/** SciPy's 1-D Gaussian weights: radius = int(truncate * sigma + 0.5), normalised to sum 1. */
export function gaussianWeights(sigma: number, truncate = 4): Float64Array {
  const radius = Math.trunc(truncate * sigma + 0.5)
  const weights = new Float64Array(2 * radius + 1)
  let sum = 0
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp((-0.5 * i * i) / (sigma * sigma))
    weights[i + radius] = w
    sum += w
  }
  return weights.map((w) => w / sum)
}

/** SciPy `reflect` boundary (d c b a | a b c d): the edge sample is repeated. */
function reflectIndex(i: number, size: number): number {
  let j = i
  const period = 2 * size
  j = ((j % period) + period) % period
  return j < size ? j : period - 1 - j
}

function blurAxis(input: Float64Array, height: number, width: number, weights: Float64Array, alongRows: boolean): Float64Array {
  const radius = (weights.length - 1) / 2
  const out = new Float64Array(input.length)
  const size = alongRows ? width : height
  const offsets = new Int32Array(size * weights.length)
  for (let p = 0; p < size; p++) for (let t = 0; t < weights.length; t++) offsets[p * weights.length + t] = reflectIndex(p + t - radius, size)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = alongRows ? x : y
      let sum = 0
      for (let t = 0; t < weights.length; t++) {
        const q = offsets[p * weights.length + t] as number
        sum += (weights[t] as number) * (input[alongRows ? y * width + q : q * width + x] as number)
      }
      out[y * width + x] = sum
    }
  }
  return out
}

/**
 * `scipy.ndimage.gaussian_filter(map, sigma, truncate=4, mode='reflect')` on a 2-D map, separably:
 * axis 0 first, as SciPy does. With `float32` the intermediate is rounded to float32 between the two
 * passes, as SciPy does for a float32 array.
 */
export function gaussianBlur(map: Float64Array, height: number, width: number, sigma: number, truncate = 4, float32 = false): Float64Array {
  const weights = gaussianWeights(sigma, truncate)
  const first = blurAxis(map, height, width, weights, false)
  return blurAxis(float32 ? first.map(Math.fround) : first, height, width, weights, true)
}

/** Pixel map of one image: the raw patch map upsampled bilinearly to size x size, then blurred with sigma. */
export function pixelMapFromPatches(map: Float32Array, height: number, width: number, size: number, sigma = 4): Float32Array {
  // the reference works on float32 tensors: round where it stores an intermediate
  const upsampled = resizeBilinear(map, height, width, size, size).map(Math.fround)
  return Float32Array.from(gaussianBlur(upsampled, size, size, sigma, 4, true))
}
