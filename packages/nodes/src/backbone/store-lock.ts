import { open, readFile, rm } from 'node:fs/promises'

/**
 * An exclusive lock file holding the owner's pid, for the weights store: two `weights pull` of one
 * name would append to the same `.part` file, and two adds would each rewrite index.json from the
 * same old copy and lose the other's entry. A lock whose pid is no longer running (a killed pull)
 * is stale and taken over (best effort: two processes taking over the same stale lock at the same
 * instant could both win; a crash in the middle of a weights command is rare enough for that).
 */

/** Releases a held lock. */
export type ReleaseLock = () => Promise<void>

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Takes the lock, or returns the pid of the live process that holds it. */
export async function tryLock(lockFile: string): Promise<ReleaseLock | { heldBy: number }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockFile, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      return () => rm(lockFile, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const pid = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10)
    if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) return { heldBy: pid }
    await rm(lockFile, { force: true })
  }
  return { heldBy: Number.NaN }
}

/** Runs `work` holding the lock, waiting up to `waitMs` for another holder to finish. */
export async function withLock<T>(lockFile: string, waitMs: number, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + waitMs
  for (;;) {
    const lock = await tryLock(lockFile)
    if (typeof lock === 'function') {
      try {
        return await work()
      } finally {
        await lock()
      }
    }
    if (Date.now() >= deadline) throw new Error(`${lockFile} is held by process ${lock.heldBy}; try again when it has finished`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
