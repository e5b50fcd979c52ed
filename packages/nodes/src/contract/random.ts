/**
 * A small seeded PRNG (mulberry32 core with a string-hash seed) so every random choice of a run can be
 * replayed: the same seed gives the same synthetic defects, coreset and data order.
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number
  /** Uniformly chosen element. */
  pick<T>(items: readonly T[]): T
  /** Standard normal sample (Box-Muller). */
  normal(): number
  /** An independent generator derived from this one's seed and a label. */
  fork(label: string): SeededRandom
  readonly seed: string
}

/** FNV-1a 32-bit hash of a string, used to turn seed labels into PRNG states. */
function hashString(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Creates a generator from any seed label (a number or a string). */
export function createRandom(seed: string | number): SeededRandom {
  const seedText = String(seed)
  let state = hashString(seedText)
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    seed: seedText,
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list')
      return items[Math.floor(next() * items.length)] as (typeof items)[number]
    },
    normal: () => {
      const u = Math.max(next(), 1e-12)
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next())
    },
    fork: (label) => createRandom(`${seedText}/${label}`),
  }
}
