import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { link, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

/** Name of the lock file in a data dir while a server owns it. */
export const LOCK_NAME = 'server.lock'

/** Who holds a data dir, as written in its lock file. */
export interface LockHolder {
  pid: number
  host: string
  startedAt: string
}

/** A second server (or a prune) found the data dir owned by a live server. */
export class DataDirInUseError extends Error {
  readonly code = 'EDATADIRINUSE'
  readonly holder: LockHolder
  constructor(dataDir: string, lockFile: string, holder: LockHolder) {
    super(
      `data dir ${dataDir} is in use by inspectflow pid ${holder.pid} on host ${holder.host} (since ${holder.startedAt}); ` +
        `two servers on one data dir would fail each other's runs. Stop that server or pass another --data-dir` +
        (holder.host === os.hostname() ? '' : `; if it is gone for good, delete ${lockFile}`),
    )
    this.name = 'DataDirInUseError'
    this.holder = holder
  }
}

/** A held data dir; release() removes the lock if it is still ours. */
export interface DataDirLock {
  readonly file: string
  release(): Promise<void>
}

/** True while a process with this pid exists on this host (EPERM: it exists, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * False when the pid now belongs to a program that cannot be a server (the pid was reused after the
 * holder died). Only Linux says; elsewhere every live pid counts.
 */
function couldBeServer(pid: number): boolean {
  try {
    return /node|inspectflow|tsx/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))
  } catch {
    return true
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>
    if (typeof value.pid === 'number' && typeof value.host === 'string') return { pid: value.pid, host: value.host, startedAt: String(value.startedAt) }
  } catch {
    // a lock being written right now, or garbage: decided by its age below
  }
  return undefined
}

/** The holder of the lock, or undefined when there is no lock or it is stale (a dead pid on this host). */
export async function readLiveHolder(lockFile: string): Promise<LockHolder | undefined> {
  let text: string
  try {
    text = await readFile(lockFile, 'utf8')
  } catch {
    return undefined
  }
  const holder = parseHolder(text)
  if (!holder) {
    // unreadable: another server may be between creating and writing it; old ones are debris
    const age = Date.now() - (await stat(lockFile).catch(() => ({ mtimeMs: 0 }))).mtimeMs
    return age < 5_000 ? { pid: 0, host: os.hostname(), startedAt: 'just now (lock being written)' } : undefined
  }
  if (holder.host === os.hostname() && !(processAlive(holder.pid) && couldBeServer(holder.pid))) return undefined
  return holder
}

/** Moves a stale lock aside; if what was moved turns out to be live (another taker won), puts it back. */
async function takeOverStale(lockFile: string): Promise<void> {
  const aside = `${lockFile}.${randomBytes(4).toString('hex')}.stale`
  try {
    await rename(lockFile, aside)
  } catch {
    return
  }
  if (await readLiveHolder(aside)) await link(aside, lockFile).catch(() => undefined)
  await rm(aside, { force: true })
}

/**
 * Makes this process the one owner of `dataDir`: creates `server.lock` exclusively with this pid and
 * host. A lock left by a dead process on this host is taken over; a live holder (or one on another
 * host, which cannot be checked) makes this throw DataDirInUseError naming it.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true })
  const file = path.join(dataDir, LOCK_NAME)
  const mine: LockHolder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() }
  const text = `${JSON.stringify(mine)}\n`
  for (let attempt = 0; attempt < 3; attempt++) {
    // write aside then link: the lock appears complete or not at all
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`
    await writeFile(tmp, text)
    try {
      await link(tmp, file)
      return { file, release: () => releaseIfMine(file, text) }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    } finally {
      await rm(tmp, { force: true })
    }
    const holder = await readLiveHolder(file)
    if (holder) throw new DataDirInUseError(dataDir, file, holder)
    await takeOverStale(file)
  }
  throw new Error(`could not take the lock ${file}: other processes keep replacing it`)
}

async function releaseIfMine(file: string, text: string): Promise<void> {
  const current = await readFile(file, 'utf8').catch(() => undefined)
  if (current === text) await rm(file, { force: true })
}
