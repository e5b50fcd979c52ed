import { randomBytes } from 'node:crypto'
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'

import type { BackboneArch } from './backbone-value'
import { checkWeightsFile } from './check-weights-file'
import { sha256File } from './file-hash'
import { withLock } from './store-lock'

/**
 * The weights store: one folder of safetensors files and an `index.json` that records, per name,
 * the file, its sha256, the architecture, where it came from and when it was added. The CLI's
 * `weights add/pull` write it; backbone.pretrained reads it by name.
 */

/** One stored weights file, as index.json records it. */
export interface StoredWeights {
  name: string
  /** File name inside the store folder. */
  file: string
  sha256: string
  arch: Exclude<BackboneArch, 'resnet50_keras'>
  /** A URL or the path the file was added from. */
  source: string
  /** ISO 8601 time it entered the store. */
  addedAt: string
  bytes: number
  deepestStage: string
}

interface WeightsIndex {
  version: 1
  entries: StoredWeights[]
}

export const WEIGHTS_INDEX_FILE = 'index.json'

/** Rewriting the index takes milliseconds; a holder longer than this is stuck or another machine's. */
const INDEX_LOCK_WAIT_MS = 10_000

/** The store folder: `$INSPECTFLOW_WEIGHTS`, else `.inspectflow/weights` under `cwd`. */
export function weightsStoreDir(env: Record<string, string | undefined>, cwd: string): string {
  const configured = env.INSPECTFLOW_WEIGHTS?.trim()
  return configured ? path.resolve(cwd, configured) : path.join(cwd, '.inspectflow', 'weights')
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/

/** True when `text` can be a store name (no path separators); a graph's `weightsPath` may hold either. */
export function isStoreName(text: string): boolean {
  return NAME_PATTERN.test(text) && !text.endsWith('.safetensors')
}

/** Every entry of the store (none when the store does not exist yet). */
export async function readWeightsIndex(dir: string): Promise<StoredWeights[]> {
  const file = path.join(dir, WEIGHTS_INDEX_FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  let index: Partial<WeightsIndex>
  try {
    index = JSON.parse(text) as Partial<WeightsIndex>
  } catch {
    throw new Error(`weights store index ${file}: not valid JSON; remove it and add the weights again`)
  }
  if (!Array.isArray(index.entries)) throw new Error(`weights store index ${file}: expected {"version": 1, "entries": [...]}, found no entries array`)
  return index.entries
}

/** The entry of `name` with the absolute path of its file, or undefined when the store has none. */
export async function findStoredWeights(dir: string, name: string): Promise<(StoredWeights & { path: string }) | undefined> {
  const entry = (await readWeightsIndex(dir)).find((e) => e.name === name)
  return entry ? { ...entry, path: path.join(dir, entry.file) } : undefined
}

/** A unique temporary name next to `target`, so that the final rename stays on one file system. */
const tempNameFor = (target: string): string => `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`

/** Writes index.json through a temporary file and a rename: a reader never sees half an index. */
async function writeWeightsIndex(dir: string, entries: StoredWeights[]): Promise<void> {
  const target = path.join(dir, WEIGHTS_INDEX_FILE)
  const tmp = tempNameFor(target)
  const index: WeightsIndex = { version: 1, entries: [...entries].sort((a, b) => a.name.localeCompare(b.name)) }
  await writeFile(tmp, `${JSON.stringify(index, null, 2)}\n`)
  await rename(tmp, target)
}

/** What {@link storeWeightsFile} needs. */
export interface StoreWeightsRequest {
  name: string
  arch: StoredWeights['arch']
  /** The checked file to store. */
  file: string
  /** Recorded as the entry's source (URL or original path). */
  source: string
  /** Rename `file` into the store (a finished download) instead of copying it (the user's file). */
  move?: boolean
}

/**
 * Checks a file's tensors against the architecture, hashes it and stores it under `name`, replacing
 * an entry of that name. The file lands under its final name by rename only, and the index is
 * rewritten atomically after it: an interrupted add leaves the store as it was (at most a stray
 * `.tmp` file).
 */
export async function storeWeightsFile(dir: string, request: StoreWeightsRequest): Promise<StoredWeights> {
  if (!isStoreName(request.name)) {
    throw new Error(`weights name "${request.name}": expected letters, digits, '_', '-' or '.' (no path, no .safetensors ending)`)
  }
  const checked = await checkWeightsFile(request.file, request.arch, 'FILE')
  const [sha256, info] = await Promise.all([sha256File(request.file), stat(request.file)])
  await mkdir(dir, { recursive: true })
  const fileName = `${request.name}.safetensors`
  const target = path.join(dir, fileName)
  if (request.move) {
    await rename(request.file, target)
  } else {
    const tmp = tempNameFor(target)
    await copyFile(request.file, tmp)
    await rename(tmp, target).catch(async (error: unknown) => {
      await rm(tmp, { force: true })
      throw error
    })
  }
  const entry: StoredWeights = {
    name: request.name,
    file: fileName,
    sha256,
    arch: request.arch,
    source: request.source,
    addedAt: new Date().toISOString(),
    bytes: info.size,
    deepestStage: checked.deepestStage,
  }
  // read-modify-write under a lock, so that two adds at once both end up in the index
  await withLock(path.join(dir, 'index.lock'), INDEX_LOCK_WAIT_MS, async () => {
    const others = (await readWeightsIndex(dir)).filter((e) => e.name !== request.name)
    await writeWeightsIndex(dir, [...others, entry])
  })
  return entry
}
