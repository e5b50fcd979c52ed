import type { SeededRandom } from '../contract/random'
import type { RgbImage } from '../image/rgb-image'
import type { BlendConfig } from './defect-values'
import type { Box, Mask } from './mask'

/** The k x k elliptical structuring element of `cv2.getStructuringElement(MORPH_ELLIPSE)`. */
export function ellipseKernel(k: number): Uint8Array {
  const r = Math.floor(k / 2)
  const kernel = new Uint8Array(k * k)
  for (let i = 0; i < k; i++) {
    const dy = i - r
    if (Math.abs(dy) > r) continue
    const dx = r === 0 ? 0 : Math.round(r * Math.sqrt((r * r - dy * dy) / (r * r)))
    for (let j = Math.max(r - dx, 0); j < Math.min(r + dx + 1, k); j++) kernel[i * k + j] = 1
  }
  return kernel
}

/** Binary erosion; pixels outside the mask count as set, as cv2's default erosion border does. */
export function erode(mask: Mask, k: number): Mask {
  const kernel = ellipseKernel(k)
  const r = Math.floor(k / 2)
  const out = new Uint8Array(mask.data.length)
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      let keep = mask.data[y * mask.width + x]!
      for (let i = 0; i < k && keep; i++) {
        for (let j = 0; j < k && keep; j++) {
          const sy = y + i - r
          const sx = x + j - r
          if (!kernel[i * k + j] || sx < 0 || sy < 0 || sx >= mask.width || sy >= mask.height) continue
          keep = mask.data[sy * mask.width + sx]!
        }
      }
      out[y * mask.width + x] = keep
    }
  }
  return { width: mask.width, height: mask.height, data: out }
}

/** Normalised 1-D Gaussian of `cv2.getGaussianKernel(k, sigma)`. */
function gaussianKernel(k: number, sigma: number): number[] {
  const weights = Array.from({ length: k }, (_, i) => Math.exp(-((i - (k - 1) / 2) ** 2) / (2 * sigma * sigma)))
  const total = weights.reduce((s, w) => s + w, 0)
  return weights.map((w) => w / total)
}

/** cv2's default border (BORDER_REFLECT_101): ... c b | a b c ... */
function reflect101(i: number, n: number): number {
  if (n === 1) return 0
  let j = i
  while (j < 0 || j >= n) j = j < 0 ? -j : 2 * n - 2 - j
  return j
}

/** Separable Gaussian blur of a float image, ksize (k, k), sigma k, reflect-101 border. */
export function gaussianBlur(values: Float32Array, width: number, height: number, k: number): Float32Array {
  const kernel = gaussianKernel(k, k)
  const r = Math.floor(k / 2)
  const tmp = new Float32Array(values.length)
  const out = new Float32Array(values.length)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0
      for (let i = 0; i < k; i++) s += kernel[i]! * values[y * width + reflect101(x + i - r, width)]!
      tmp[y * width + x] = s
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0
      for (let i = 0; i < k; i++) s += kernel[i]! * tmp[reflect101(y + i - r, height) * width + x]!
      out[y * width + x] = s
    }
  }
  return out
}

/** The opacity w_f: a constant, or uniform in [lo, hi]. */
export function drawFuseWeight(fuse: BlendConfig['fuseWeight'], rng: SeededRandom): number {
  return typeof fuse === 'number' ? fuse : rng.uniform(fuse[0], fuse[1])
}

/**
 * Per-pixel alpha of the shape (REB-METHOD 3.6): with probability blurProb the mask is eroded with an
 * elliptical k x k element and Gaussian-blurred (ksize k, sigma k); otherwise it stays binary. Both
 * are scaled by the drawn fuse weight.
 */
export function alphaMask(shape: Mask, blend: BlendConfig, rng: SeededRandom): Float32Array {
  const weight = drawFuseWeight(blend.fuseWeight, rng)
  const k = Math.floor(blend.edgeKernel / 2) * 2 + 1
  const soft = rng.next() < blend.blurProb
  const base = soft ? erode(shape, k) : shape
  const alpha = Float32Array.from(base.data)
  const smooth = soft ? gaussianBlur(alpha, shape.width, shape.height, k) : alpha
  for (let i = 0; i < smooth.length; i++) smooth[i] = smooth[i]! * weight
  return smooth
}

/**
 * out = alpha * fill + (1 - alpha) * image inside the box, truncated to 8 bits as the reference's cast
 * does; pixels outside the box are unchanged. Returns a new image.
 */
export function fuse(image: RgbImage, fill: RgbImage, alpha: Float32Array, box: Box): RgbImage {
  const data = Uint8Array.from(image.data)
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const a = alpha[y * box.width + x]!
      if (a <= 0) continue
      const to = ((box.y + y) * image.width + box.x + x) * 3
      const from = (y * box.width + x) * 3
      for (let c = 0; c < 3; c++) data[to + c] = Math.trunc(a * fill.data[from + c]! + (1 - a) * data[to + c]!)
    }
  }
  return { ...image, data }
}
