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

/**
 * Source row or column indices of a symmetric blur along an axis of `size`: for position p, the
 * reflected p - j and p + j for j = 1..radius, stored as pairs.
 */
function reflectedPairs(size: number, radius: number): Int32Array {
  const pairs = new Int32Array(size * radius * 2)
  for (let p = 0; p < size; p++) {
    for (let j = 1; j <= radius; j++) {
      pairs[(p * radius + j - 1) * 2] = reflectIndex(p - j, size)
      pairs[(p * radius + j - 1) * 2 + 1] = reflectIndex(p + j, size)
    }
  }
  return pairs
}

/**
 * Blur along axis 0 with a symmetric kernel, as SciPy's correlate1d sums it: centre tap first, then
 * (x[-j] + x[+j]) * w[j] for j = 1..radius. Whole rows are accumulated at once, so memory is read in
 * order; every output still gets the same sum in the same order.
 */
function blurColumns(input: Float64Array, height: number, width: number, weights: Float64Array): Float64Array {
  const radius = (weights.length - 1) / 2
  const centre = weights[radius] as number
  const pairs = reflectedPairs(height, radius)
  const out = new Float64Array(input.length)
  for (let y = 0; y < height; y++) {
    const row = y * width
    for (let x = 0; x < width; x++) out[row + x] = (input[row + x] as number) * centre
    for (let j = 1; j <= radius; j++) {
      const w = weights[radius + j] as number
      const above = (pairs[(y * radius + j - 1) * 2] as number) * width
      const below = (pairs[(y * radius + j - 1) * 2 + 1] as number) * width
      for (let x = 0; x < width; x++) out[row + x] = (out[row + x] as number) + ((input[above + x] as number) + (input[below + x] as number)) * w
    }
  }
  return out
}

/** Blur along axis 1 with a symmetric kernel, summed as {@link blurColumns}; interior pixels index directly. */
function blurRows(input: Float64Array, height: number, width: number, weights: Float64Array): Float64Array {
  const radius = (weights.length - 1) / 2
  const centre = weights[radius] as number
  const pairs = reflectedPairs(width, radius)
  const out = new Float64Array(input.length)
  for (let y = 0; y < height; y++) {
    const row = y * width
    for (let x = 0; x < width; x++) {
      let sum = (input[row + x] as number) * centre
      if (x >= radius && x + radius < width) {
        for (let j = 1; j <= radius; j++) sum += ((input[row + x - j] as number) + (input[row + x + j] as number)) * (weights[radius + j] as number)
      } else {
        const base = x * radius * 2
        for (let j = 1; j <= radius; j++) {
          const left = pairs[base + (j - 1) * 2] as number
          const right = pairs[base + (j - 1) * 2 + 1] as number
          sum += ((input[row + left] as number) + (input[row + right] as number)) * (weights[radius + j] as number)
        }
      }
      out[row + x] = sum
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
  const first = blurColumns(map, height, width, weights)
  return blurRows(float32 ? first.map(Math.fround) : first, height, width, weights)
}

/** Pixel map of one image: the raw patch map upsampled bilinearly to size x size, then blurred with sigma. */
export function pixelMapFromPatches(map: Float32Array, height: number, width: number, size: number, sigma = 4): Float32Array {
  // the reference works on float32 tensors: round where it stores an intermediate
  const upsampled = resizeBilinear(map, height, width, size, size).map(Math.fround)
  return Float32Array.from(gaussianBlur(upsampled, size, size, sigma, 4, true))
}
