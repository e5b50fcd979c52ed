/**
 * The compute engines a node can ask for, chosen once at start-up (ARCHITECTURE.md "Engines"):
 * onnxruntime-node for inference, TensorFlow.js (best available backend) for training.
 * Loading is lazy so that a graph without a backbone never loads either.
 */
export interface EngineInfo {
  onnx: { provider: string; threads: number; loaded: boolean }
  tfjs: { backend: string | null; loaded: boolean }
}

export interface EngineOptions {
  /** Intra-op threads for onnxruntime (default: number of CPU cores). */
  threads?: number
  /** 'cpu' or 'cuda'; default: cuda where its provider is installed, else cpu. */
  provider?: 'cpu' | 'cuda'
}

export interface Engines {
  readonly options: EngineOptions
  /** The onnxruntime-node module, loaded once. */
  onnx(): Promise<typeof import('onnxruntime-node')>
  /** The TensorFlow.js module with the best available backend initialised, loaded once. */
  tfjs(): Promise<typeof import('@tensorflow/tfjs')>
  describe(): EngineInfo
}
