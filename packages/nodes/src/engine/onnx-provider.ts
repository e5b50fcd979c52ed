import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * Chooses onnxruntime's execution provider: CUDA where its provider library was installed next to
 * onnxruntime-node's binding (its optional install step, denied on machines without a GPU), CPU
 * otherwise. An explicit choice (`INSPECTFLOW_ONNX_PROVIDER=cpu|cuda`) wins.
 */
export function detectOnnxProvider(env: NodeJS.ProcessEnv = process.env): 'cpu' | 'cuda' {
  const requested = env.INSPECTFLOW_ONNX_PROVIDER
  if (requested === 'cpu' || requested === 'cuda') return requested
  try {
    const require = createRequire(import.meta.url)
    const packageDir = dirname(require.resolve('onnxruntime-node/package.json'))
    const binDir = join(packageDir, 'bin', 'napi-v6', process.platform, process.arch)
    return existsSync(join(binDir, 'libonnxruntime_providers_cuda.so')) ? 'cuda' : 'cpu'
  } catch {
    return 'cpu'
  }
}
