import type { FloatTensor, Tensor } from '../contract/tensor'

/** What travels on a `MemoryBank` socket. */
export interface MemoryBankValue {
  /** [C, D]: the core entries queries are matched against. */
  core: FloatTensor
  /** [N, D]: the full bank local densities are measured against; absent when core is the full bank. */
  full?: FloatTensor
  /** [C] int32: the row of `full` each core entry was taken from; present exactly when `full` is. */
  coreIndices?: Tensor<'int32'>
  /** 1 for the full bank, else the coreset ratio used. */
  coresetRatio: number
  /** Number of training images the bank was built from. */
  imageCount: number
}

declare module '../contract/socket-values' {
  interface SocketValues {
    MemoryBank: MemoryBankValue
  }
}
