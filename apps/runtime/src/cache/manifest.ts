/**
 * The manifest of a disk cache entry. It is written last: an entry without one is incomplete, and one
 * whose files disagree with it is damaged. Either way the entry is never used.
 */
export interface ManifestFile {
  size: number
  /** sha256 of the bytes, re-checked on every read from disk (about 0.25 s per 400 MB, see disk-cache). */
  sha256: string
  /** Written by older versions (a fast lane checksum); no longer trusted or written. */
  checksum?: string
}

export interface CacheManifest {
  format: 1
  key: string
  createdAt: string
  files: Record<string, ManifestFile>
}

export const MANIFEST_NAME = 'manifest.json'
export const VALUE_NAME = 'value.json'
export const TENSORS_NAME = 'tensors.safetensors'

/** Parses and shape-checks a manifest; returns a reason string when it is not usable. */
export function parseManifest(text: string, key: string): CacheManifest | string {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return 'manifest is not valid JSON'
  }
  const manifest = parsed as Partial<CacheManifest>
  if (manifest.format !== 1) return `manifest format is ${String(manifest.format)}, expected 1`
  if (manifest.key !== key) return `manifest is for key ${String(manifest.key)}, expected ${key}`
  if (typeof manifest.files !== 'object' || manifest.files === null) return 'manifest lists no files'
  if (!(VALUE_NAME in manifest.files)) return `manifest does not list ${VALUE_NAME}`
  return manifest as CacheManifest
}
