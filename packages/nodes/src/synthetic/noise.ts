import type { SeededRandom } from '../contract/random'

/** A smooth random field on the unit square: f(u, v) in [0, 1), periodic in both directions. */
export type Noise2D = (u: number, v: number) => number

const smooth = (t: number): number => t * t * (3 - 2 * t)

/**
 * Value noise: random values on a cellsX x cellsY lattice, interpolated with a smoothstep. Cheap and
 * seeded, which is all textures need; cells set the feature size (few cells = broad variation).
 */
export function valueNoise(rng: SeededRandom, cellsX: number, cellsY: number): Noise2D {
  const lattice = Float32Array.from({ length: cellsX * cellsY }, () => rng.next())
  const at = (i: number, j: number): number => lattice[(((j % cellsY) + cellsY) % cellsY) * cellsX + (((i % cellsX) + cellsX) % cellsX)] as number
  return (u, v) => {
    const x = u * cellsX
    const y = v * cellsY
    const i = Math.floor(x)
    const j = Math.floor(y)
    const fx = smooth(x - i)
    const fy = smooth(y - j)
    const top = at(i, j) + (at(i + 1, j) - at(i, j)) * fx
    const bottom = at(i, j + 1) + (at(i + 1, j + 1) - at(i, j + 1)) * fx
    return top + (bottom - top) * fy
  }
}

/** Sum of octaves of value noise (each twice as fine, half as strong), normalised to [0, 1). */
export function fractalNoise(rng: SeededRandom, cellsX: number, cellsY: number, octaves: number): Noise2D {
  const layers = Array.from({ length: octaves }, (_, o) => valueNoise(rng.fork(`octave${o}`), cellsX << o, cellsY << o))
  const total = layers.reduce((sum, _, o) => sum + 0.5 ** o, 0)
  return (u, v) => layers.reduce((sum, layer, o) => sum + layer(u, v) * 0.5 ** o, 0) / total
}
