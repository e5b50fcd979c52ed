import { spawn } from 'node:child_process'

import { probeGpu } from '@inspectflow/nodes'

import { type CliIo, EXIT, UsageError } from './cli-io'

/** One install step that allowScripts denies at `npm install`, run on demand. */
interface SetupStep {
  id: 'tfjs' | 'onnx'
  title: string
  /** What the step downloads from; checked first, so that an offline machine fails at once. */
  source: string
  /** The package folder the step runs in, or why it cannot run. */
  dir: string | undefined
  args: string[]
  env: Record<string, string>
  done(): boolean
}

export const SETUP_USAGE = `usage: inspectflow setup gpu [--only tfjs|onnx]
  Runs the install steps npm was told to skip (allowScripts) so the GPU engines can load:
  tfjs   @tensorflow/tfjs-node-gpu's install script: libtensorflow with CUDA and its binding (about 400 MB)
  onnx   onnxruntime-node's CUDA 12 provider libraries from NuGet (about 300 MB)
  Mirrors: TFJS_NODE_CDN_STORAGE (libtensorflow). Then run: inspectflow doctor
`

function stepsFor(env: CliIo['env']): SetupStep[] {
  const probe = () => probeGpu({ root: '', env: env as NodeJS.ProcessEnv })
  const now = probe()
  return [
    {
      id: 'tfjs',
      title: 'tfjs-node-gpu: libtensorflow (GPU) and its binding',
      source: env.TFJS_NODE_CDN_STORAGE || 'https://storage.googleapis.com/',
      dir: now.tfjsGpu.dir,
      args: ['scripts/install.js', 'gpu', 'download'],
      env: {},
      done: () => probe().tfjsGpu.bindingInstalled,
    },
    {
      id: 'onnx',
      title: "onnxruntime-node: its CUDA 12 execution provider",
      source: 'https://api.nuget.org/v3/index.json',
      dir: now.onnx.dir,
      args: ['script/install.js', '--onnxruntime-node-install=cuda12'],
      env: { ONNXRUNTIME_NODE_INSTALL: 'cuda12' },
      done: () => probe().onnx.cudaProviderInstalled,
    },
  ]
}

/** Undefined when `url` answers over HTTP(S) (any status below 500), else why not. */
async function unreachable(url: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const response = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) })
    return response.status >= 500 ? `it answered ${response.status} ${response.statusText}` : undefined
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    return cause?.code ?? cause?.message ?? (error as Error).message
  }
}

function offlineAdvice(failures: string[]): string {
  return [
    `inspectflow setup gpu: cannot download the GPU libraries, nothing was changed:`,
    ...failures.map((line) => `  ${line}`),
    'What to do: run it again on this machine once it can reach the internet (behind a proxy: HTTPS_PROXY and',
    'GLOBAL_AGENT_HTTPS_PROXY), point TFJS_NODE_CDN_STORAGE at a mirror of storage.googleapis.com, or copy',
    'node_modules/@tensorflow/tfjs-node-gpu/lib and node_modules/onnxruntime-node/bin from a machine with the',
    'same OS where "inspectflow setup gpu" ran. "inspectflow doctor" shows what is still missing.',
    '',
  ].join('\n')
}

function runStep(step: SetupStep, io: CliIo): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, step.args, { cwd: step.dir, env: { ...io.env, ...step.env }, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.on('data', (chunk: Buffer) => io.stdout.write(chunk.toString().replace(/^/gm, '    ')))
    child.stderr.on('data', (chunk: Buffer) => io.stderr.write(chunk.toString().replace(/^/gm, '    ')))
    child.on('error', () => resolve(1))
    child.on('exit', (code) => resolve(code ?? 1))
  })
}

/** The step ids asked for: both, or the one after `--only`. */
function parseSetupArgs(argv: string[]): 'tfjs' | 'onnx' | undefined {
  const [what, ...rest] = argv
  if (what !== 'gpu') throw new UsageError(`setup expects "gpu", got ${what === undefined ? 'nothing' : `"${what}"`}\n${SETUP_USAGE}`)
  if (rest.length === 0) return undefined
  if (rest.length === 2 && rest[0] === '--only' && (rest[1] === 'tfjs' || rest[1] === 'onnx')) return rest[1]
  throw new UsageError(`setup gpu takes only --only tfjs|onnx, got "${rest.join(' ')}"\n${SETUP_USAGE}`)
}

/** Runs the steps one after the other with their output indented; the number that failed. */
async function runSteps(steps: SetupStep[], io: CliIo): Promise<number> {
  let failed = 0
  for (const step of steps) {
    io.stdout.write(`\n==> ${step.title}\n    in ${step.dir}: node ${step.args.join(' ')}\n`)
    const code = await runStep(step, io)
    const ok = code === 0 && step.done()
    io.stdout.write(ok ? `==> done: ${step.title}\n` : `==> FAILED (exit code ${code}${code === 0 ? ', but the files are not there' : ''}): ${step.title}\n`)
    if (!ok) failed += 1
  }
  return failed
}

/** `inspectflow setup gpu [--only tfjs|onnx]`. Exit 0 when every step installed what it should. */
export async function setupCommand(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(SETUP_USAGE)
    return EXIT.ok
  }
  const only = parseSetupArgs(argv)
  const steps = stepsFor(io.env).filter((step) => only === undefined || step.id === only)
  const missing = steps.filter((step) => !step.dir)
  if (missing.length > 0) {
    io.stderr.write(`inspectflow setup gpu: ${missing.map((s) => s.title.split(':')[0]).join(', ')} not installed; run npm install first\n`)
    return EXIT.runFailed
  }
  io.stdout.write(`Checking the download sources: ${steps.map((s) => s.source).join(', ')}\n`)
  const checks = await Promise.all(steps.map(async (step) => ({ step, why: await unreachable(step.source, 5000) })))
  const failures = checks.filter((c) => c.why !== undefined).map((c) => `${c.step.title}: ${c.step.source} is unreachable (${c.why})`)
  if (failures.length > 0) {
    io.stderr.write(offlineAdvice(failures))
    return EXIT.runFailed
  }
  const failed = await runSteps(steps, io)
  io.stdout.write(`\n${failed === 0 ? 'GPU libraries installed.' : `${failed} step(s) failed.`} Run "inspectflow doctor" to see which engines can use the GPU.\n`)
  return failed === 0 ? EXIT.ok : EXIT.runFailed
}
