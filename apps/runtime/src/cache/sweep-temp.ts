import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** Temporary entries older than this are debris whatever their writer; a cache write takes seconds. */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000

/** The writer's pid in a temporary entry name `<key>-<pid>-<random>` (see disk-cache writeEntry). */
function writerPid(name: string): number | undefined {
  const match = /-(\d+)-[0-9a-f]{8}$/.exec(name)
  return match ? Number(match[1]) : undefined
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes half-written entries under `<cacheDir>/.tmp/` that no live process is writing: a process killed
 * mid-write leaves one behind (up to a feature bank's size) that nothing else ever deletes. Entries of a
 * live writer (a CLI run sharing the cache) are kept unless abandoned for a day. Returns the names removed.
 */
export async function sweepStaleCacheTemp(cacheDir: string, now = Date.now()): Promise<string[]> {
  const tmpDir = join(cacheDir, '.tmp')
  let names: string[]
  try {
    names = await readdir(tmpDir)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    const pid = writerPid(name)
    const full = join(tmpDir, name)
    const info = await stat(full).catch(() => undefined)
    if (!info) continue
    const abandoned = now - info.mtimeMs > ABANDONED_AFTER_MS
    if (pid !== undefined && pid !== process.pid && alive(pid) && !abandoned) continue
    if (pid === process.pid && !abandoned) continue
    await rm(full, { recursive: true, force: true })
    removed.push(name)
  }
  return removed
}

/** Removes `*.tmp` files left in `dir` by an atomic write that was cut short (graphs, run records). */
export async function sweepTempFiles(dir: string): Promise<string[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return []
  }
  const stale = names.filter((name) => /\.[0-9a-f]{12}\.tmp$/.test(name))
  await Promise.all(stale.map((name) => rm(join(dir, name), { force: true })))
  return stale
}
