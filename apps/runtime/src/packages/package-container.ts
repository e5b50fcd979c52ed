import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

import tar from 'tar-stream'

import { PackageError } from './package-errors'
import { MANIFEST_ENTRY, PACKAGE_FORMAT_NAME, PACKAGE_FORMAT_VERSION, type PackageManifest, type PackageProvenance, parseManifest } from './package-manifest'

/** The entries of a package besides the manifest, by name. */
export type PackageEntries = Map<string, Buffer>

/** A package read and checked: every entry's size and sha256 matched the manifest. */
export interface ReadPackage {
  manifest: PackageManifest
  entries: PackageEntries
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

/** A unique temporary name next to `target`, so that the final rename stays on one file system. */
export function tempNameFor(target: string): string {
  return `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
}

/** The manifest of `entries`: sizes and hashes computed here, never taken from the caller. */
export function manifestOf(entries: PackageEntries, provenance: PackageProvenance): PackageManifest {
  return {
    format: PACKAGE_FORMAT_NAME,
    formatVersion: PACKAGE_FORMAT_VERSION,
    entries: [...entries].map(([name, bytes]) => ({ name, size: bytes.length, sha256: sha256(bytes) })),
    provenance,
  }
}

/**
 * Writes a package: a plain tar (tar-stream) with manifest.json first, then every entry in the
 * manifest's order. Written to a temporary name and renamed, so a reader never sees half a package.
 */
export async function writePackageFile(file: string, entries: PackageEntries, provenance: PackageProvenance): Promise<PackageManifest> {
  const manifest = manifestOf(entries, provenance)
  const pack = tar.pack()
  const mtime = new Date(provenance.createdAt)
  pack.entry({ name: MANIFEST_ENTRY, mtime, mode: 0o644 }, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`))
  for (const [name, bytes] of entries) pack.entry({ name, mtime, mode: 0o644 }, bytes)
  pack.finalize()
  const tmp = tempNameFor(file)
  try {
    await pipeline(pack, createWriteStream(tmp))
    await rename(tmp, file)
  } catch (error) {
    await rm(tmp, { force: true })
    throw error
  }
  return manifest
}

/** One entry of the archive being read: its header and its bytes as a stream. */
type TarEntry = AsyncIterable<Buffer> & { header: { name: string } }

async function readEntry(entry: TarEntry): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of entry) chunks.push(chunk)
  return Buffer.concat(chunks)
}

/** Compares one entry with the manifest's record of it. */
function checkEntry(manifest: PackageManifest, name: string, bytes: Buffer, file: string): void {
  const recorded = manifest.entries.find((e) => e.name === name)
  if (!recorded) throw new PackageError('unexpected_entry', `${file}: entry "${name}" is not listed in manifest.json; the package was altered`, name)
  if (bytes.length !== recorded.size || sha256(bytes) !== recorded.sha256) {
    throw new PackageError(
      'tampered',
      `${file}: entry "${name}" does not match manifest.json (sha256 ${sha256(bytes).slice(0, 12)}..., ${bytes.length} bytes; manifest ${recorded.sha256.slice(0, 12)}..., ${recorded.size} bytes): the package was altered or damaged`,
      name,
    )
  }
}

/** A stream error from the tar parser: the archive stopped inside an entry or its header. */
function truncated(file: string, current: string | undefined, error: unknown): PackageError {
  const where = current ? `inside entry "${current}"` : 'inside a header'
  return new PackageError('truncated', `${file}: the package is truncated (it ends ${where}: ${(error as Error).message}); copy it again`, current)
}

async function extractAll(source: Readable, file: string): Promise<ReadPackage> {
  const extract = tar.extract()
  const entries: PackageEntries = new Map()
  let manifest: PackageManifest | undefined
  let current: string | undefined
  const feeding = pipeline(source, extract)
  feeding.catch(() => undefined)
  try {
    for await (const entry of extract as AsyncIterable<TarEntry>) {
      current = entry.header.name
      const bytes = await readEntry(entry)
      if (!manifest) {
        if (current !== MANIFEST_ENTRY) throw new PackageError('not_a_package', `${file}: the first entry is "${current}", expected ${MANIFEST_ENTRY}: not an InspectFlow package`, current)
        manifest = parseManifest(bytes, file)
      } else {
        checkEntry(manifest, current, bytes, file)
        entries.set(current, bytes)
      }
      current = undefined
    }
    await feeding
  } catch (error) {
    source.destroy()
    if (error instanceof PackageError) throw error
    throw truncated(file, current, error)
  }
  if (!manifest) throw new PackageError('not_a_package', `${file}: no ${MANIFEST_ENTRY}: not an InspectFlow package (or an empty file)`)
  const missing = manifest.entries.find((e) => !entries.has(e.name))
  if (missing) {
    throw new PackageError('missing_entry', `${file}: entry "${missing.name}" listed in manifest.json is missing: the package is incomplete or truncated; copy it again`, missing.name)
  }
  return { manifest, entries }
}

/** Reads a package file and checks every entry against the manifest; throws a PackageError otherwise. */
export async function readPackageFile(file: string, label = file): Promise<ReadPackage> {
  return extractAll(createReadStream(file), label)
}
