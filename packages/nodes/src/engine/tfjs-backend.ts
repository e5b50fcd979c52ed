import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * True when a native tfjs package is installed with its binding. Without the binding (its install
 * script downloads it, which fails offline) importing the package fails only after registering
 * every kernel and printing a warning for each, so it is not even tried.
 */
function nativeBindingInstalled(packageName: string): boolean {
  try {
    const packageDir = dirname(createRequire(import.meta.url).resolve(`${packageName}/package.json`))
    const libDir = join(packageDir, 'lib')
    return existsSync(libDir) && readdirSync(libDir).some((d) => existsSync(join(libDir, d, 'tfjs_binding.node')))
  } catch {
    return false
  }
}

/** The native packages in order of preference, each imported by its literal name. */
const NATIVE_BACKENDS: [string, () => Promise<unknown>][] = [
  ['@tensorflow/tfjs-node-gpu', () => import('@tensorflow/tfjs-node-gpu')],
  ['@tensorflow/tfjs-node', () => import('@tensorflow/tfjs-node')],
]

/**
 * Picks the best TensorFlow.js backend available on this machine, in the order of ARCHITECTURE.md:
 * tfjs-node-gpu, tfjs-node, wasm, cpu. The native packages are optional dependencies whose install
 * scripts may not have run, so a failed import simply moves on to the next candidate.
 */
export async function loadBestTfjs(): Promise<{ tf: typeof import('@tensorflow/tfjs'); backend: string }> {
  for (const [native, load] of NATIVE_BACKENDS) {
    if (!nativeBindingInstalled(native)) continue
    try {
      const tfNative = (await load()) as typeof import('@tensorflow/tfjs')
      await tfNative.ready()
      return { tf: tfNative, backend: `${native.replace('@tensorflow/', '')}:${tfNative.getBackend()}` }
    } catch {
      // not installed or its binary was never downloaded: try the next backend
    }
  }
  const tf = await import('@tensorflow/tfjs')
  try {
    await import('@tensorflow/tfjs-backend-wasm')
    if (await tf.setBackend('wasm')) {
      await tf.ready()
      return { tf, backend: 'wasm' }
    }
  } catch {
    // wasm binary missing: fall back to the pure-JS cpu backend
  }
  await tf.setBackend('cpu')
  await tf.ready()
  return { tf, backend: 'cpu' }
}
