import type { NodeContext } from '../contract/context'
import type { MemoryBankValue } from '../memorybank/memorybank-value'
import { createDensityCache, type DensityCache } from './local-density'

/**
 * The local densities of `bank` for `k`, created empty on first use and kept by the executor with the
 * bank (ctx.derived): a second scoring of the same bank (another test set, the same graph run again in
 * one server process) reuses the densities. They are a pure function of the bank, so sharing them
 * cannot change any result.
 */
export function densityCacheFor(ctx: Pick<NodeContext, 'derived'>, bank: MemoryBankValue, k: number): DensityCache {
  return ctx.derived({ port: 'bank', value: bank }, `local-densities-k${k}`, () => createDensityCache(bank.core.shape[0] as number, k))
}
