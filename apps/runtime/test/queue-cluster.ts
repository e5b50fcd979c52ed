import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const API_ENTRY = fileURLToPath(new URL('./queue-api-entry.ts', import.meta.url))
const WORKER_ENTRY = fileURLToPath(new URL('./queue-worker-entry.ts', import.meta.url))
/** Starting a process compiles and loads the node catalog: seconds each, and several at once share 2 cores. */
const STARTUP_MS = 90_000

/** A child process of a scale-out test, with everything it wrote. */
export interface TestProcess {
  child: ChildProcess
  output(): string
  /** Resolves once the output matches `pattern` (rejects after `timeoutMs` or when the process exits). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>
  kill(signal?: NodeJS.Signals): void
}

function launch(entry: string, args: string[], env: Record<string, string> = {}): TestProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    env: { ...process.env, INSPECTFLOW_HUGEPAGES: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const listeners = new Set<() => void>()
  const append = (chunk: Buffer): void => {
    output += chunk.toString()
    for (const listener of listeners) listener()
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)))
  return {
    child,
    output: () => output,
    exited,
    kill: (signal = 'SIGTERM') => void child.kill(signal),
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = output.match(pattern)
          if (!match) return
          cleanup()
          resolve(match)
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${output}`))
        }, timeoutMs)
        const cleanup = (): void => {
          clearTimeout(timer)
          listeners.delete(check)
        }
        listeners.add(check)
        void exited.then(() => {
          if (!listeners.has(check)) return
          cleanup()
          reject(new Error(`process exited before ${pattern}; output:\n${output}`))
        })
        check()
      })
    },
  }
}

/** A real API node (`serve --queue`) over the stub nodes; resolves once it listens, with its URL. */
export async function startApiNode(redisUrl: string, dataDir: string, storeDir: string, policy: 'retry' | 'fail' = 'retry'): Promise<TestProcess & { url: string }> {
  const node = launch(API_ENTRY, [redisUrl, dataDir, storeDir, policy])
  const [, url] = (await node.waitFor(/listening (\S+)/, STARTUP_MS)) as unknown as [string, string]
  return { ...node, url }
}

/** A real worker process over the stub nodes; resolves once it takes runs. */
export async function startWorker(redisUrl: string, storeDir: string, extra: string[] = [], env: Record<string, string> = {}): Promise<TestProcess> {
  const worker = launch(WORKER_ENTRY, ['--queue', redisUrl, '--store', storeDir, ...extra], env)
  await worker.waitFor(/waiting for runs/, STARTUP_MS)
  return worker
}

/** Stops every process given (SIGKILL: tests do not wait for graceful ends they do not test). */
export async function stopAll(processes: readonly (TestProcess | undefined)[]): Promise<void> {
  await Promise.all(
    processes.map(async (p) => {
      if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return
      p.kill('SIGKILL')
      await p.exited
    }),
  )
}
