import os from 'node:os'

import { createEngines, gpuBlockers, type GpuProbe, probeGpu } from '@inspectflow/nodes'

import { programVersion } from '../server/server-options'
import { type CliIo, EXIT, UsageError } from './cli-io'

/** What the engines do once loaded here: onnxruntime's provider and TensorFlow.js's backend, or why they did not load. */
async function loadedEngines(): Promise<{ onnx: string; tfjs: string }> {
  const engines = createEngines()
  const onnx = await engines.onnx().then(
    () => `onnxruntime ${engines.describe().onnx.provider} (loaded)`,
    (error: unknown) => `failed to load: ${(error as Error).message.split('\n')[0]}`,
  )
  const tfjs = await engines.tfjs().then(
    () => `tfjs ${engines.describe().tfjs.backend} (loaded)`,
    (error: unknown) => `failed to load: ${(error as Error).message.split('\n')[0]}`,
  )
  return { onnx, tfjs }
}

/** One entry per major version, with the first place it was found. */
function libraries(found: GpuProbe['cudaRuntime']): string {
  if (found.length === 0) return 'none found'
  const byMajor = new Map<number, string[]>()
  for (const lib of found) byMajor.set(lib.major, [...(byMajor.get(lib.major) ?? []), lib.path])
  return [...byMajor].map(([major, paths]) => `${major} (${paths[0]}${paths.length > 1 ? ` and ${paths.length - 1} more` : ''})`).join(', ')
}

/** `available`, or `not available:` with one reason a line, in the order to fix them. */
function availability(reasons: string[]): string {
  return reasons.length === 0 ? 'available' : `not available:${reasons.map((reason) => `\n                    - ${reason}`).join('')}`
}

/** The doctor's report as lines, from a probe and what the engines did when loaded. */
export function doctorLines(probe: GpuProbe, loaded: { onnx: string; tfjs: string }): string[] {
  const onnxGpu = gpuBlockers(probe, 'onnx')
  const tfjsGpu = gpuBlockers(probe, 'tfjs')
  const driver = probe.driver ? `${probe.driver.version}${probe.driver.gpus.length > 0 ? ` (${probe.driver.gpus.join(', ')})` : ''}` : 'none'
  const tfjsCpu = probe.tfjsCpu.version
    ? `${probe.tfjsCpu.name} ${probe.tfjsCpu.version}: ${probe.tfjsCpu.bindingInstalled ? 'binding installed' : 'binding missing (its install step is denied by allowScripts; wasm runs instead)'}`
    : `${probe.tfjsCpu.name}: not installed`
  const gpuReason = onnxGpu.length === 0 || tfjsGpu.length === 0 ? [] : (onnxGpu[0] === tfjsGpu[0] ? [onnxGpu[0] as string] : [onnxGpu[0] as string, tfjsGpu[0] as string])
  return [
    `InspectFlow ${programVersion()} doctor: node ${process.version}, ${process.platform} ${process.arch}, ${os.availableParallelism()} CPU cores`,
    `GPU driver        ${driver}`,
    `CUDA runtime      ${libraries(probe.cudaRuntime)}`,
    `cuDNN             ${libraries(probe.cudnn)}`,
    `features, scoring ${loaded.onnx}; CUDA provider of ${probe.onnx.name} ${probe.onnx.version ?? ''}: ${availability(onnxGpu)}`,
    `fine-tuning       ${loaded.tfjs}; ${probe.tfjsGpu.name} ${probe.tfjsGpu.version ?? ''}: ${availability(tfjsGpu)}`,
    `                  ${tfjsCpu}`,
    `devices           cpu: available; cuda:0: ${availability(gpuReason)}`,
  ]
}

/** `inspectflow doctor [--json]`: the engines and devices found, and why a GPU engine is not available. */
export async function doctorCommand(argv: string[], io: CliIo): Promise<number> {
  const unknown = argv.find((arg) => arg !== '--json')
  if (unknown) throw new UsageError(`doctor takes only --json, got "${unknown}"`)
  const probe = probeGpu({ root: '', env: io.env as NodeJS.ProcessEnv })
  const loaded = await loadedEngines()
  if (argv.includes('--json')) {
    io.stdout.write(`${JSON.stringify({ probe, loaded, blockers: { onnx: gpuBlockers(probe, 'onnx'), tfjs: gpuBlockers(probe, 'tfjs') } }, null, 2)}\n`)
  } else {
    io.stdout.write(`${doctorLines(probe, loaded).join('\n')}\n`)
  }
  return EXIT.ok
}
