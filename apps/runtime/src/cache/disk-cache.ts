import { createHash, randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { decodeSafetensors, encodeSafetensors } from '@inspectflow/nodes'

import { type CacheManifest, MANIFEST_NAME, type ManifestFile, parseManifest, TENSORS_NAME, VALUE_NAME } from './manifest'
import { decodeValue, encodeValue } from './value-codec'

/** Outcome of reading one entry from disk. */
export type DiskReadResult =
  | { status: 'hit'; value: unknown }
  | { status: 'miss' }
  | { status: 'corrupt'; reason: string }

/**
 * Content-addressed entries on disk: `<dir>/<key>/` holds value.json, tensors.safetensors (when the value
 * has tensors) and manifest.json. An entry is built in a temporary directory and renamed into place,
 * so readers only ever see complete entries or none; the manifest guards against later damage.
 */
export interface DiskCache {
  readonly dir: string
  read(key: string): Promise<DiskReadResult>
  write(key: string, value: unknown): Promise<void>
  remove(key: string): Promise<void>
  entryDir(key: string): string
}

/** Sub-directory of an entry where its node keeps files of its own. */
export const SCRATCH_NAME = 'scratch'

/** Opens (lazily creates) a disk cache in `dir`. */
export function createDiskCache(dir: string): DiskCache {
  const entryDir = (key: string): string => join(dir, key)
  return {
    dir,
    entryDir,
    read: (key) => readEntry(entryDir(key), key),
    write: (key, value) => writeEntry(dir, key, value),
    remove: (key) => rm(entryDir(key), { recursive: true, force: true }),
  }
}

async function readEntry(entry: string, key: string): Promise<DiskReadResult> {
  let manifestText: string
  try {
    manifestText = await readFile(join(entry, MANIFEST_NAME), 'utf8')
  } catch {
    return { status: 'miss' }
  }
  try {
    const manifest = parseManifest(manifestText, key)
    if (typeof manifest === 'string') return { status: 'corrupt', reason: manifest }
    const valueBytes = await readChecked(entry, VALUE_NAME, manifest)
    const tensorInfo = manifest.files[TENSORS_NAME]
    const tensorBytes = tensorInfo ? await readChecked(entry, TENSORS_NAME, manifest) : undefined
    const tensors = tensorBytes ? decodeSafetensors(tensorBytes, TENSORS_NAME, { views: true }).tensors : {}
    const json = JSON.parse(valueBytes.toString('utf8')) as unknown
    return { status: 'hit', value: decodeValue(json, tensors) }
  } catch (error) {
    return { status: 'corrupt', reason: error instanceof Error ? error.message : String(error) }
  }
}

/** Bytes read and hashed per step: the event loop gets a turn between steps (a 400 MB bank is 100 steps). */
const READ_CHUNK_BYTES = 4 * 1024 * 1024

/**
 * Reads a file listed in the manifest, checking its size before reading and its sha256 while reading.
 * sha256, not a fast checksum: the lane checksum used before let paired sign-bit flips through (negated
 * pixel maps were served as cached, AUROC 0.06). The hash is computed per chunk as the bytes arrive, so
 * the server keeps answering during a long read.
 */
async function readChecked(entry: string, name: string, manifest: CacheManifest): Promise<Buffer> {
  const expected = manifest.files[name] as ManifestFile
  if (typeof expected.sha256 !== 'string') throw new Error(`manifest lists no sha256 for ${name}`)
  const path = join(entry, name)
  const handle = await open(path, 'r')
  try {
    const size = (await handle.stat()).size
    if (size !== expected.size) throw new Error(`${name} is ${size} bytes, the manifest says ${expected.size}`)
    const bytes = Buffer.allocUnsafe(size)
    const hash = createHash('sha256')
    const readChunk = async (offset: number): Promise<number> => {
      const { bytesRead } = await handle.read(bytes, offset, Math.min(READ_CHUNK_BYTES, size - offset), offset)
      if (bytesRead === 0) throw new Error(`${name} ended at byte ${offset} of ${size} while being read`)
      return bytesRead
    }
    // the next chunk is read (in the thread pool) while this one is hashed, so the two costs overlap
    let offset = 0
    let pending = size > 0 ? readChunk(0) : undefined
    while (pending) {
      const length = await pending
      const next = offset + length
      pending = next < size ? readChunk(next) : undefined
      hash.update(bytes.subarray(offset, next))
      offset = next
    }
    if (hash.digest('hex') !== expected.sha256) throw new Error(`${name} does not match its sha256`)
    return bytes
  } finally {
    await handle.close()
  }
}

function describeFile(bytes: Uint8Array): ManifestFile {
  return { size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') }
}

async function writeEntry(dir: string, key: string, value: unknown): Promise<void> {
  const { json, tensors } = encodeValue(value)
  const tmp = join(dir, '.tmp', `${key}-${process.pid}-${randomBytes(4).toString('hex')}`)
  await mkdir(tmp, { recursive: true })
  try {
    const files: Record<string, ManifestFile> = {}
    const valueBytes = Buffer.from(JSON.stringify(json), 'utf8')
    await writeFile(join(tmp, VALUE_NAME), valueBytes)
    files[VALUE_NAME] = describeFile(valueBytes)
    if (Object.keys(tensors).length > 0) {
      const tensorBytes = encodeSafetensors(tensors, { producer: 'inspectflow-cache' })
      await writeFile(join(tmp, TENSORS_NAME), tensorBytes)
      files[TENSORS_NAME] = describeFile(tensorBytes)
    }
    const manifest: CacheManifest = { format: 1, key, createdAt: new Date().toISOString(), files }
    await writeFile(join(tmp, MANIFEST_NAME), JSON.stringify(manifest, null, 2))
    // a node's scratch files (checkpoints, generated images) belong to the entry and must survive the
    // store; anything else already there is a damaged entry and is replaced
    await rename(join(dir, key, SCRATCH_NAME), join(tmp, SCRATCH_NAME)).catch(() => undefined)
    await rm(join(dir, key), { recursive: true, force: true })
    await rename(tmp, join(dir, key)).catch(async (error: NodeJS.ErrnoException) => {
      // another run stored the same key between rm and rename: its entry has the same content
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error
      await rm(tmp, { recursive: true, force: true })
    })
  } catch (error) {
    await rm(tmp, { recursive: true, force: true })
    throw error
  }
}
