import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'

import type { Engines } from '../engine/engines'

/** sha256 (hex) of a file's bytes, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/**
 * Hashes already computed, per Engines object, keyed by path + size + mtime. Hashing a 100 MB weight
 * file takes a noticeable fraction of a second and the fingerprint is asked for on every run, so the
 * runtime process remembers it; a changed file gets a new key. Keyed by the Engines object (the one
 * long-lived thing every node shares) so that this is the only module-level state and it goes away
 * with the Engines.
 */
const hashesByEngines = new WeakMap<Engines, Map<string, Promise<string>>>()

/** sha256 of a file, reusing the value computed earlier for the same path, size and mtime. */
export async function cachedSha256File(engines: Engines, path: string): Promise<string> {
  const info = await stat(path)
  const key = `${path}\u0000${info.size}\u0000${info.mtimeMs}`
  let hashes = hashesByEngines.get(engines)
  if (!hashes) {
    hashes = new Map()
    hashesByEngines.set(engines, hashes)
  }
  let hash = hashes.get(key)
  if (!hash) {
    hash = sha256File(path)
    hashes.set(key, hash)
    hash.catch(() => hashes.delete(key))
  }
  return hash
}
