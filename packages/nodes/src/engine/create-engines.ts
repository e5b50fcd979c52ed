import os from 'node:os'

import type { EngineInfo, EngineOptions, Engines } from './engines'
import { detectOnnxProvider } from './onnx-provider'
import { loadBestTfjs } from './tfjs-backend'

/** Creates the engine holder one runtime process shares between runs. */
export function createEngines(options: EngineOptions = {}): Engines {
  const threads = options.threads ?? Math.max(1, os.cpus().length)
  const provider = options.provider ?? detectOnnxProvider()
  let onnx: Promise<typeof import('onnxruntime-node')> | undefined
  let tfjs: Promise<typeof import('@tensorflow/tfjs')> | undefined
  let tfjsBackend: string | null = null
  return {
    options: { ...options, threads, provider },
    onnx: () => (onnx ??= import('onnxruntime-node')),
    tfjs: () =>
      (tfjs ??= loadBestTfjs().then(({ tf, backend }) => {
        tfjsBackend = backend
        return tf
      })),
    describe: (): EngineInfo => ({
      onnx: { provider, threads, loaded: onnx !== undefined },
      tfjs: { backend: tfjsBackend, loaded: tfjs !== undefined },
    }),
  }
}
