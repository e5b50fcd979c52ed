import { createRegistry, type NodeRegistry } from '@inspectflow/nodes'

/** Where a command writes and what it runs with; tests pass their own. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number }
  stderr: { write(text: string): unknown }
  /** The node registry (default: every node this build ships). */
  registry: NodeRegistry
  cwd: string
  env: Record<string, string | undefined>
  /** Installs a Ctrl-C handler and returns its remover (default: process SIGINT). */
  onInterrupt: (handler: () => void) => () => void
}

/** SIGINTs closer together than this are one Ctrl-C. */
const SAME_KEY_PRESS_MS = 150

/** The real process's IO. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    registry: createRegistry(),
    cwd: process.cwd(),
    env: process.env,
    onInterrupt: (handler) => {
      let last = Number.NEGATIVE_INFINITY
      const once = (): void => {
        // under bin/huge-pages.mjs one Ctrl-C arrives twice (from the terminal and forwarded by the
        // parent process) within microseconds: that is one key press, not the second Ctrl-C
        const now = performance.now()
        const repeat = now - last < SAME_KEY_PRESS_MS
        last = now
        if (!repeat) handler()
      }
      process.on('SIGINT', once)
      return () => process.off('SIGINT', once)
    },
  }
}

/** Exit codes of every command. */
export const EXIT = { ok: 0, runFailed: 1, usage: 2, cancelled: 130 } as const

/** Thrown for bad command lines; main prints it with a hint and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
