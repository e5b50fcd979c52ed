import sharp from 'sharp'

/**
 * Seeded synthetic inspection-like images for the resize-parity test and measurement: a smooth shading,
 * a fine periodic texture (machined or woven surfaces), a few hard-edged blobs (parts, defects) and
 * sensor noise. The same seed always gives the same pixels, so a failing case can be reproduced by name.
 */

export type SyntheticFormat = 'png8' | 'png16' | 'jpeg'

export interface SyntheticSpec {
  width: number
  height: number
  channels: 1 | 3
  format: SyntheticFormat
  seed: number
}

/** A 32-bit LCG (Numerical Recipes constants): tiny, seedable and the same on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/** Pixel values in 0..1, row-major HWC. */
function syntheticValues(spec: SyntheticSpec): Float64Array {
  const { width, height, channels } = spec
  const random = seededRandom(spec.seed)
  const period = 2.5 + random() * 6
  const angle = random() * Math.PI
  const blobs = Array.from({ length: 5 }, () => ({
    x: random() * width,
    y: random() * height,
    rx: (0.05 + random() * 0.3) * width,
    ry: (0.05 + random() * 0.3) * height,
    level: random(),
  }))
  const tint = Array.from({ length: channels }, () => 0.8 + random() * 0.4)
  const values = new Float64Array(width * height * channels)
  const cos = Math.cos(angle)
  const sin = Math.sin(angle)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 0.35 + 0.25 * Math.sin((x / width) * 3.1 + 0.7) * Math.cos((y / height) * 2.3)
      v += 0.08 * Math.sin(((x * cos + y * sin) / period) * 2 * Math.PI)
      for (const b of blobs) {
        const dx = (x - b.x) / b.rx
        const dy = (y - b.y) / b.ry
        if (dx * dx + dy * dy < 1) v = b.level
      }
      // roughly Gaussian sensor noise (sum of three uniforms), sigma about 1.5% of full scale
      const noise = (random() + random() + random() - 1.5) * 0.03
      for (let c = 0; c < channels; c++) {
        const value = v * (tint[c] as number) + noise
        values[(y * width + x) * channels + c] = value < 0 ? 0 : value > 1 ? 1 : value
      }
    }
  }
  return values
}

/** The encoded file bytes of a synthetic image (JPEG at quality 90 with sharp's default 4:2:0 chroma). */
export async function encodeSynthetic(spec: SyntheticSpec): Promise<Buffer> {
  const values = syntheticValues(spec)
  const raw = { width: spec.width, height: spec.height, channels: spec.channels }
  if (spec.format === 'png16') {
    const data = new Uint16Array(values.length)
    for (let i = 0; i < values.length; i++) data[i] = Math.round((values[i] as number) * 65535)
    return sharp(data, { raw }).toColourspace(spec.channels === 3 ? 'rgb16' : 'grey16').png({ compressionLevel: 1 }).toBuffer()
  }
  const data = Buffer.alloc(values.length)
  for (let i = 0; i < values.length; i++) data[i] = Math.round((values[i] as number) * 255)
  const image = sharp(data, { raw }).toColourspace(spec.channels === 3 ? 'srgb' : 'b-w')
  return spec.format === 'png8' ? image.png({ compressionLevel: 1 }).toBuffer() : image.jpeg({ quality: 90 }).toBuffer()
}

/** Mean and largest absolute difference of two equally long 8-bit buffers, in grey levels. */
export function pixelDifference(a: Uint8Array, b: Uint8Array): { mean: number; max: number } {
  if (a.length !== b.length) throw new RangeError(`pixelDifference: expected equal lengths, found ${a.length} and ${b.length}`)
  let sum = 0
  let max = 0
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number))
    sum += d
    if (d > max) max = d
  }
  return { mean: a.length > 0 ? sum / a.length : 0, max }
}
