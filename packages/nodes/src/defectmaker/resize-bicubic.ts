/**
 * Separable bicubic resize of an 8-bit HWC array (Keys kernel, a = -0.5, with the kernel widened when
 * downscaling so it averages like PIL's antialiased `resize`). A simple version: the numbers are close to
 * PIL's, not bit-identical (the intermediate pass stays in float here).
 */
export interface PixelArray {
  width: number
  height: number
  channels: number
  data: Uint8Array
}

function keys(x: number): number {
  const a = -0.5
  const t = Math.abs(x)
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a
  return 0
}

/** For each output coordinate: the first input index and normalised weights. */
function resampleWeights(inSize: number, outSize: number): { start: number; weights: number[] }[] {
  const scale = inSize / outSize
  const filterScale = Math.max(scale, 1)
  const support = 2 * filterScale
  return Array.from({ length: outSize }, (_, o) => {
    const centre = (o + 0.5) * scale
    const start = Math.max(0, Math.floor(centre - support))
    const stop = Math.min(inSize, Math.ceil(centre + support))
    const weights: number[] = []
    for (let i = start; i < stop; i++) weights.push(keys((i + 0.5 - centre) / filterScale))
    const total = weights.reduce((s, w) => s + w, 0)
    return { start, weights: weights.map((w) => w / total) }
  })
}

/** Resizes to width x height; values are rounded and clamped to 0..255. */
export function resizeBicubic(image: PixelArray, width: number, height: number): PixelArray {
  const c = image.channels
  const across = resampleWeights(image.width, width)
  const down = resampleWeights(image.height, height)
  const horizontal = new Float32Array(image.height * width * c)
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < width; x++) {
      const { start, weights } = across[x]!
      for (let ch = 0; ch < c; ch++) {
        let sum = 0
        for (let k = 0; k < weights.length; k++) sum += weights[k]! * image.data[(y * image.width + start + k) * c + ch]!
        horizontal[(y * width + x) * c + ch] = sum
      }
    }
  }
  const out = new Uint8Array(width * height * c)
  for (let y = 0; y < height; y++) {
    const { start, weights } = down[y]!
    for (let x = 0; x < width; x++) {
      for (let ch = 0; ch < c; ch++) {
        let sum = 0
        for (let k = 0; k < weights.length; k++) sum += weights[k]! * horizontal[((start + k) * width + x) * c + ch]!
        out[(y * width + x) * c + ch] = Math.min(255, Math.max(0, Math.round(sum)))
      }
    }
  }
  return { width, height, channels: c, data: out }
}
