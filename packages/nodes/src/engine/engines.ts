/**
 * The compute engines a node can ask for, chosen once at start-up (ARCHITECTURE.md "Engines"):
 * onnxruntime-node for inference, TensorFlow.js (best available backend) for training.
 * Loading is lazy so that a graph without a backbone never loads either.
 */
export interface EngineInfo {
  onnx: { provider: string; threads: number; loaded: boolean }
  tfjs: { backend: string | null; loaded: boolean }
}

/**
 * Block sizes of the exact nearest-neighbour searches (distances are computed queryBlock x bankBlock
 * at a time, so memory is about queryBlock x bankBlock x 4 bytes). They change speed and memory, never
 * a result, so they are settings of the machine, not params of a node (and not in any cache key).
 */
export interface SearchBlocks {
  queryBlock: number
  bankBlock: number
}

/** The search blocks used where none are configured: 2048 x 16384 floats, 128 MiB per block. */
export const DEFAULT_SEARCH_BLOCKS: SearchBlocks = { queryBlock: 2048, bankBlock: 16384 }

export interface EngineOptions {
  /** Intra-op threads for onnxruntime (default: number of CPU cores). */
  threads?: number
  /** 'cpu' or 'cuda'; default: cuda where its provider is installed, else cpu. */
  provider?: 'cpu' | 'cuda'
  /** Nearest-neighbour search blocks (default DEFAULT_SEARCH_BLOCKS). */
  searchBlocks?: SearchBlocks
}

export interface Engines {
  readonly options: EngineOptions
  /** The onnxruntime-node module, loaded once. */
  onnx(): Promise<typeof import('onnxruntime-node')>
  /** The TensorFlow.js module with the best available backend initialised, loaded once. */
  tfjs(): Promise<typeof import('@tensorflow/tfjs')>
  describe(): EngineInfo
}
