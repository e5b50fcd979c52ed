import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** A child process and the first stdout line that matched. */
export interface SpawnedChild {
  child: ChildProcess
  match: RegExpMatchArray
}

/**
 * Starts `node <args>` with tsx loaded and resolves once a stdout line matches `ready` (rejects if the
 * child exits first or `timeoutMs` passes; the child is then killed).
 */
export function spawnUntil(args: string[], ready: RegExp, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<SpawnedChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`child did not print ${ready} within ${options.timeoutMs ?? 30_000} ms; stdout: ${out}; stderr: ${err}`))
    }, options.timeoutMs ?? 30_000)
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = ready.exec(out)
      if (match) {
        clearTimeout(timer)
        resolve({ child, match })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`child exited with ${code} before ready; stdout: ${out}; stderr: ${err}`))
    })
  })
}

/** Path of a file next to the caller's module. */
export function besideModule(moduleUrl: string, name: string): string {
  return fileURLToPath(new URL(name, moduleUrl))
}

/** Sends SIGKILL and waits until the process is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const gone = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGKILL')
  await gone
}
