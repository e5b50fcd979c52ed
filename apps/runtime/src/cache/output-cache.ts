import { join } from 'node:path'

import { createDiskCache, type DiskCache, SCRATCH_NAME } from './disk-cache'
import { createMemoryCache, type MemoryCache } from './memory-cache'

/** Outcome of looking a key up: a value and where it came from, or a miss (with why, if damaged). */
export type CacheLookup =
  | { hit: true; value: unknown; source: 'memory' | 'disk' }
  | { hit: false; corruptReason?: string }

/**
 * Node outputs by content key, in memory first and on disk second. One instance may be shared by
 * every run of a server process so that the memory tier survives between runs.
 */
export interface OutputCache {
  readonly dir: string
  /** Looks a key up; a damaged disk entry is deleted and reported as a miss with its reason. */
  get(key: string): Promise<CacheLookup>
  /** Stores a value in memory and on disk. */
  put(key: string, value: unknown): Promise<void>
  /** A directory private to the entry, for a node's checkpoints; removed when the entry is written. */
  scratchDir(key: string): string
  readonly memory: MemoryCache
  readonly disk: DiskCache
}

export interface OutputCacheOptions {
  dir: string
  /** Memory tier budget in bytes (default 512 MiB). */
  memoryBudgetBytes?: number
}

const DEFAULT_MEMORY_BUDGET = 512 * 1024 * 1024

/** Creates the two-tier cache over `dir`. */
export function createOutputCache(options: OutputCacheOptions): OutputCache {
  const memory = createMemoryCache(options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET)
  const disk = createDiskCache(options.dir)
  return {
    dir: options.dir,
    memory,
    disk,
    scratchDir: (key) => join(disk.entryDir(key), SCRATCH_NAME),
    async get(key) {
      if (memory.has(key)) return { hit: true, value: memory.get(key), source: 'memory' }
      const read = await disk.read(key)
      if (read.status === 'hit') {
        memory.set(key, read.value)
        return { hit: true, value: read.value, source: 'disk' }
      }
      if (read.status === 'miss') return { hit: false }
      await disk.remove(key)
      return { hit: false, corruptReason: read.reason }
    },
    async put(key, value) {
      memory.set(key, value)
      await disk.write(key, value)
    },
  }
}
