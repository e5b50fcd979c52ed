import type { SeededRandom } from '../contract/random'
import type { RgbImage } from '../image/rgb-image'

/**
 * A small seeded test image: a smooth gradient with a bright disc on a dark background, so colour
 * operations and the foreground estimate have something to work on. Used by this folder's tests.
 */
export function syntheticImage(size: number, rng: SeededRandom): RgbImage {
  const data = new Uint8Array(size * size * 3)
  const cx = size * rng.uniform(0.4, 0.6)
  const cy = size * rng.uniform(0.4, 0.6)
  const radius = size * 0.3
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = Math.hypot(x - cx, y - cy) < radius
      const i = (y * size + x) * 3
      data[i] = inside ? 180 + ((x * 2) % 60) : 20
      data[i + 1] = inside ? 150 + ((y * 3) % 80) : 25
      data[i + 2] = inside ? 90 + rng.int(0, 20) : 30
    }
  }
  return { width: size, height: size, channels: 3, data }
}
