import type { MemoryBankValue } from '../memorybank/memorybank-value'
import { createDensityCache, type DensityCache } from './local-density'

/**
 * Density caches per memory bank and K. Keyed weakly by the bank's core data, so a cache lives exactly
 * as long as the bank it describes (a bank is immutable once built): a second scoring of the same bank
 * (another test set, the same graph run again in one server process) reuses the densities, and nothing
 * is held once the bank is gone. The densities are a pure function of the bank, so sharing them cannot
 * change any result.
 */
const cachesByBank = new WeakMap<Float32Array, Map<number, DensityCache>>()

/** The density cache of `bank` for `k`, created empty on first use. */
export function densityCacheFor(bank: MemoryBankValue, k: number): DensityCache {
  let byK = cachesByBank.get(bank.core.data)
  if (!byK) {
    byK = new Map()
    cachesByBank.set(bank.core.data, byK)
  }
  let cache = byK.get(k)
  if (!cache) {
    cache = createDensityCache(bank.core.shape[0] as number, k)
    byK.set(k, cache)
  }
  return cache
}
