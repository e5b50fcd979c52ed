import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { delimiter, dirname, join } from 'node:path'

/** What the machine offers the GPU engines, and why each part is or is not usable. */
export interface GpuProbe {
  /** The NVIDIA kernel driver, from /proc or nvidia-smi; undefined when there is none. */
  driver?: { version: string; gpus: string[] }
  /** Major versions of the CUDA runtime (libcudart.so.N) and cuDNN (libcudnn.so.N) found, with where. */
  cudaRuntime: { major: number; path: string }[]
  cudnn: { major: number; path: string }[]
  onnx: PackageState & { cudaProviderInstalled: boolean; needsCuda: number; needsCudnn: number }
  tfjsGpu: PackageState & { needsCuda: number; needsCudnn: number }
  tfjsCpu: PackageState
}

/** An npm package as installed here: its version and whether its native part (downloaded by its install script) is present. */
export interface PackageState {
  name: string
  version?: string
  bindingInstalled: boolean
  /** Where the package is, for messages. */
  dir?: string
}

/** Where the probe looks: the real machine by default; tests pass a folder laid out like one. */
export interface ProbeSystem {
  /** Prefix of /proc, /usr/local, /usr/lib (default '' = the real root). */
  root: string
  env: NodeJS.ProcessEnv
  /** `ldconfig -p` output (default: run it). */
  linkerCache?: string
  /** `nvidia-smi` answer (default: run it if on PATH). */
  nvidiaSmi?: string | null
}

/** CUDA majors the installed engines were built for (onnxruntime-node >= 1.19: CUDA 12 + cuDNN 9; tfjs-node-gpu 4.x: CUDA 11.2 + cuDNN 8). */
const ONNX_CUDA = { cuda: 12, cudnn: 9 }
const TFJS_GPU_CUDA = { cuda: 11, cudnn: 8 }

function packageState(name: string, hasBinding: (dir: string) => boolean): PackageState {
  try {
    const file = createRequire(import.meta.url).resolve(`${name}/package.json`)
    const dir = dirname(file)
    const { version } = JSON.parse(readFileSync(file, 'utf8')) as { version?: string }
    return { name, version, dir, bindingInstalled: hasBinding(dir) }
  } catch {
    return { name, bindingInstalled: false }
  }
}

function tfjsBinding(dir: string): boolean {
  const lib = join(dir, 'lib')
  return existsSync(lib) && readdirSync(lib).some((entry) => existsSync(join(lib, entry, 'tfjs_binding.node')))
}

function onnxCudaProvider(dir: string): boolean {
  return existsSync(join(dir, 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime_providers_cuda.so'))
}

function runQuietly(command: string, args: string[]): string | null {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 5000 })
  return result.status === 0 ? result.stdout : null
}

function findDriver(system: ProbeSystem): GpuProbe['driver'] {
  const procFile = join(system.root, '/proc/driver/nvidia/version')
  const smi = system.nvidiaSmi !== undefined ? system.nvidiaSmi : runQuietly('nvidia-smi', ['--query-gpu=name,driver_version', '--format=csv,noheader'])
  const gpus = (smi ?? '').split('\n').map((line) => line.split(',')[0]?.trim() ?? '').filter(Boolean)
  if (existsSync(procFile)) {
    const version = /Kernel Module\s+(\S+)/.exec(readFileSync(procFile, 'utf8'))?.[1] ?? 'unknown'
    return { version, gpus }
  }
  if (smi) return { version: smi.split('\n')[0]?.split(',')[1]?.trim() ?? 'unknown', gpus }
  return undefined
}

/** libNAME.so.MAJOR entries of the linker cache (`ldconfig -p`). */
function fromLinkerCache(system: ProbeSystem, pattern: RegExp): { major: number; path: string }[] {
  const cache = system.linkerCache ?? (system.root === '' ? (runQuietly('ldconfig', ['-p']) ?? '') : '')
  return cache.split('\n').flatMap((line) => {
    const match = pattern.exec(line)
    const path = line.split('=>')[1]?.trim()
    return match && path ? [{ major: Number(match[1]), path }] : []
  })
}

/** Folders CUDA libraries usually sit in: LD_LIBRARY_PATH, the distribution's, /usr/local/cuda*. */
function libraryFolders(system: ProbeSystem): string[] {
  const folders = [...(system.env.LD_LIBRARY_PATH ?? '').split(delimiter).filter(Boolean), join(system.root, '/usr/lib/x86_64-linux-gnu')]
  const local = join(system.root, '/usr/local')
  if (existsSync(local)) {
    for (const entry of readdirSync(local)) if (entry.startsWith('cuda')) folders.push(join(local, entry, 'lib64'), join(local, entry, 'lib'))
  }
  return folders.filter((folder) => existsSync(folder))
}

/** libNAME.so.MAJOR files in the linker cache, LD_LIBRARY_PATH and the usual CUDA folders. */
function findLibrary(system: ProbeSystem, name: string): { major: number; path: string }[] {
  const pattern = new RegExp(`${name}\\.so\\.(\\d+)`)
  const found = new Map(fromLinkerCache(system, pattern).map((lib) => [lib.path, lib]))
  for (const folder of libraryFolders(system)) {
    for (const file of readdirSync(folder)) {
      const match = pattern.exec(file)
      if (match && file.startsWith(`${name}.so.`)) found.set(join(folder, file), { major: Number(match[1]), path: join(folder, file) })
    }
  }
  return [...found.values()]
}

/** Looks at the driver, the CUDA libraries and the engine packages; starts no engine. */
export function probeGpu(system: ProbeSystem = { root: '', env: process.env }): GpuProbe {
  return {
    driver: findDriver(system),
    cudaRuntime: findLibrary(system, 'libcudart'),
    cudnn: findLibrary(system, 'libcudnn'),
    onnx: { ...packageState('onnxruntime-node', () => false), needsCuda: ONNX_CUDA.cuda, needsCudnn: ONNX_CUDA.cudnn, ...onnxProvider() },
    tfjsGpu: { ...packageState('@tensorflow/tfjs-node-gpu', tfjsBinding), needsCuda: TFJS_GPU_CUDA.cuda, needsCudnn: TFJS_GPU_CUDA.cudnn },
    tfjsCpu: packageState('@tensorflow/tfjs-node', tfjsBinding),
  }
}

function onnxProvider(): { bindingInstalled: boolean; cudaProviderInstalled: boolean } {
  const state = packageState('onnxruntime-node', (dir) => existsSync(join(dir, 'bin', 'napi-v6', process.platform, process.arch, 'onnxruntime_binding.node')))
  return { bindingInstalled: state.bindingInstalled, cudaProviderInstalled: state.dir ? onnxCudaProvider(state.dir) : false }
}

/** Why a GPU engine cannot run here, in the order a user has to fix things; empty when it can. */
export function gpuBlockers(probe: GpuProbe, engine: 'onnx' | 'tfjs'): string[] {
  const reasons: string[] = []
  if (!probe.driver) reasons.push('no CUDA driver: no /proc/driver/nvidia/version and no nvidia-smi (install the NVIDIA driver; containers need the NVIDIA container toolkit)')
  const needs = engine === 'onnx' ? probe.onnx : probe.tfjsGpu
  const installed = engine === 'onnx' ? probe.onnx.cudaProviderInstalled : probe.tfjsGpu.bindingInstalled
  if (!needs.version) reasons.push(`${needs.name} is not installed (npm install)`)
  else if (!installed) {
    const part = engine === 'onnx' ? "onnxruntime's CUDA provider library (libonnxruntime_providers_cuda.so)" : "tfjs-node-gpu's binding (tfjs_binding.node and libtensorflow)"
    reasons.push(`binding missing: ${part} was never downloaded, because allowScripts denies its install step (run: inspectflow setup gpu)`)
  }
  return [...reasons, ...cudaMismatch(probe, needs)]
}

/** What is wrong with the CUDA runtime and cuDNN for an engine built for `needs`. */
function cudaMismatch(probe: GpuProbe, needs: PackageState & { needsCuda: number; needsCudnn: number }): string[] {
  const reasons: string[] = []
  const label = `${needs.name} ${needs.version ?? ''}`.trim()
  const majors = [...new Set(probe.cudaRuntime.map((lib) => lib.major))]
  if (majors.length === 0) reasons.push(`no CUDA runtime (libcudart.so.${needs.needsCuda}) found; ${label} needs CUDA ${needs.needsCuda}`)
  else if (!majors.includes(needs.needsCuda)) reasons.push(`wrong CUDA version: found CUDA ${majors.join(', ')} (libcudart), ${label} needs CUDA ${needs.needsCuda}`)
  const cudnn = [...new Set(probe.cudnn.map((lib) => lib.major))]
  if (majors.includes(needs.needsCuda) && !cudnn.includes(needs.needsCudnn)) {
    reasons.push(`cuDNN ${needs.needsCudnn} not found (libcudnn.so.${needs.needsCudnn})${cudnn.length > 0 ? `; found cuDNN ${cudnn.join(', ')}` : ''}`)
  }
  return reasons
}
