import { approximateSize } from './approximate-size'

/**
 * Least-recently-used values bounded by an approximate byte budget. Values are shared, not copied:
 * nodes never mutate their inputs (node contract), so handing the same object to two runs is safe.
 */
export interface MemoryCache {
  get(key: string): unknown
  has(key: string): boolean
  set(key: string, value: unknown): void
  delete(key: string): void
  /** Approximate bytes held now. */
  readonly bytes: number
}

/** Creates an LRU over `budgetBytes`; a single value larger than the budget is not kept. */
export function createMemoryCache(budgetBytes: number): MemoryCache {
  const entries = new Map<string, { value: unknown; bytes: number }>()
  let total = 0
  const remove = (key: string): void => {
    const entry = entries.get(key)
    if (!entry) return
    total -= entry.bytes
    entries.delete(key)
  }
  return {
    get(key) {
      const entry = entries.get(key)
      if (!entry) return undefined
      // re-insert so that Map order stays least-recently-used first
      entries.delete(key)
      entries.set(key, entry)
      return entry.value
    },
    has: (key) => entries.has(key),
    set(key, value) {
      remove(key)
      const bytes = approximateSize(value)
      if (bytes > budgetBytes) return
      entries.set(key, { value, bytes })
      total += bytes
      for (const oldest of entries.keys()) {
        if (total <= budgetBytes) break
        remove(oldest)
      }
    },
    delete: remove,
    get bytes() {
      return total
    },
  }
}
