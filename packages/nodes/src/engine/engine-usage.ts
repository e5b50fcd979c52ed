import type { Engines } from './engines'

/** Which device and compute backend ran one node, for the run record and the report. */
export interface NodeDevice {
  /** `cpu` or `cuda:0`. */
  device: string
  /** e.g. `onnxruntime cpu`, `tfjs tfjs-node-gpu:tensorflow`, `javascript` (neither engine). */
  backend: string
}

/** The device of a TensorFlow.js backend name: the GPU package runs on the GPU, everything else on the CPU. */
function tfjsDevice(backend: string | null): string {
  return backend?.startsWith('tfjs-node-gpu') ? 'cuda:0' : 'cpu'
}

/**
 * Wraps the shared engines for one node and notes which of them the node asks for. Asking is what
 * counts: a node that loads onnxruntime ran its inference there, one that loads TensorFlow.js trained
 * or computed there; a node that asks for neither ran plain JavaScript on the CPU.
 */
export function trackEngineUse(engines: Engines): { engines: Engines; used(): NodeDevice } {
  let onnx = false
  let tfjs = false
  const tracked: Engines = {
    options: engines.options,
    describe: () => engines.describe(),
    onnx: () => {
      onnx = true
      return engines.onnx()
    },
    tfjs: () => {
      tfjs = true
      return engines.tfjs()
    },
  }
  return {
    engines: tracked,
    used: () => {
      const info = engines.describe()
      const parts: NodeDevice[] = []
      if (onnx) parts.push({ device: info.onnx.provider === 'cuda' ? 'cuda:0' : 'cpu', backend: `onnxruntime ${info.onnx.provider}` })
      if (tfjs) parts.push({ device: tfjsDevice(info.tfjs.backend), backend: `tfjs ${info.tfjs.backend ?? 'not loaded'}` })
      if (parts.length === 0) return { device: 'cpu', backend: 'javascript' }
      const devices = [...new Set(parts.map((p) => p.device))]
      return { device: devices.join('+'), backend: parts.map((p) => p.backend).join(' + ') }
    },
  }
}

/** One line for the report: `cpu (onnxruntime cpu)`. */
export function describeNodeDevice(used: NodeDevice): string {
  return `${used.device} (${used.backend})`
}
