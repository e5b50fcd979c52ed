import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'

import { knownWeights, type StoredWeights, sha256File, storeWeightsFile, tryLock } from '@inspectflow/nodes'

import { DownloadError, downloadToPart } from './download-file'

/** What {@link pullWeights} needs. */
export interface PullRequest {
  name: string
  arch: StoredWeights['arch']
  /** The URL to download; the known hub URL of `name` when not given. */
  url: string
  /** sha256 the file must have (the hub's), or undefined for a user-given URL. */
  sha256?: string
  storeDir: string
  onProgress?: (bytes: number, total: number | undefined) => void
  idleTimeoutMs?: number
}

/** A pull that failed; the message says what happened and what to do instead. */
export class PullError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PullError'
  }
}

/** The part file of a pull: in the store folder, so the final rename never crosses file systems. */
export function partFileOf(storeDir: string, name: string): string {
  return path.join(storeDir, `${name}.safetensors.part`)
}

function offlineHint(request: PullRequest): string {
  return `Without network access: download ${request.url} on another machine, copy it here and run "inspectflow weights add ${request.name} /path/to/file.safetensors"`
}

async function download(request: PullRequest, part: string): Promise<void> {
  try {
    await downloadToPart({ url: request.url, partFile: part, onProgress: request.onProgress, idleTimeoutMs: request.idleTimeoutMs })
  } catch (error) {
    if (!(error instanceof DownloadError)) throw error
    const kept = error.partBytes > 0 ? ` ${error.partBytes} bytes are kept in ${part}: run the same command again to resume.` : ''
    throw new PullError(`downloading ${request.name} from ${request.url} failed: ${error.message}.${kept} ${offlineHint(request)}`)
  }
}

/** A complete download that is not the right file is deleted: resuming it could never fix it. */
async function refuse(part: string, message: string): Promise<never> {
  await rm(part, { force: true })
  throw new PullError(message)
}

/**
 * Downloads weights into the store: to `<name>.safetensors.part` (resumed when it exists), then the
 * sha256 (for the known hub files) and every tensor name and shape are checked, and only then is the
 * file renamed into the store and recorded in its index. A failed or interrupted pull leaves the
 * store's entries untouched.
 */
export async function pullWeights(request: PullRequest): Promise<StoredWeights> {
  await mkdir(request.storeDir, { recursive: true })
  const part = partFileOf(request.storeDir, request.name)
  // two pulls of one name would append to the same .part file
  const lock = await tryLock(`${part}.lock`)
  if (typeof lock !== 'function') throw new PullError(`another "inspectflow weights pull ${request.name}" is running (process ${lock.heldBy}); wait for it to finish`)
  try {
    return await downloadAndStore(request, part)
  } finally {
    await lock()
  }
}

async function downloadAndStore(request: PullRequest, part: string): Promise<StoredWeights> {
  await download(request, part)
  if (request.sha256) {
    const actual = await sha256File(part)
    if (actual !== request.sha256) {
      await refuse(part, `downloaded ${request.name} from ${request.url} has sha256 ${actual}, expected ${request.sha256} (the hub's); the file was deleted. ${offlineHint(request)}`)
    }
  }
  try {
    return await storeWeightsFile(request.storeDir, { name: request.name, arch: request.arch, file: part, source: request.url, move: true })
  } catch (error) {
    return refuse(part, `downloaded ${request.name} from ${request.url} is not usable ${request.arch} weights: ${(error as Error).message}; the file was deleted`)
  }
}

/** The download of a known store name, or the user's URL (then no sha256 is pinned). */
export function pullTarget(name: string, url: string | undefined): { url: string; sha256?: string } | undefined {
  const known = knownWeights(name)
  if (url) return { url, ...(known && known.url === url ? { sha256: known.sha256 } : {}) }
  return known ? { url: known.url, sha256: known.sha256 } : undefined
}
