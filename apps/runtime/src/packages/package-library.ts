import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

import type { Engines } from '@inspectflow/nodes'

import { tempNameFor } from './package-container'
import { PackageError } from './package-errors'
import { PACKAGE_EXTENSION, type PackageProvenance } from './package-manifest'
import { type OpenedPackage, openPackage } from './open-package'

/** Package names: what the URL and the file name carry. */
export const PACKAGE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/

/** One row of `GET /api/packages`. */
export interface PackageListing {
  name: string
  bytes: number
  provenance: PackageProvenance
  threshold: { value: number; method: string }
  imageSize: number
  backbone: string
  bank: { rows: number; fullRows: number; dim: number }
  weights: 'embedded' | 'by-hash'
}

/** An upload bigger than the limit. */
export class PackageTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the package is larger than the ${limit} byte upload limit`)
    this.name = 'PackageTooLargeError'
  }
}

function listingOf(name: string, bytes: number, opened: OpenedPackage): PackageListing {
  const { fitted, manifest } = opened
  return {
    name,
    bytes,
    provenance: manifest.provenance,
    threshold: { value: fitted.threshold.value, method: fitted.threshold.method },
    imageSize: fitted.preprocessing.imageSize,
    backbone: fitted.extractor.backbone.name,
    bank: { rows: fitted.bank.rows, fullRows: fitted.bank.fullRows, dim: fitted.bank.dim },
    weights: manifest.entries.some((e) => e.name === 'backbone.safetensors') ? 'embedded' : 'by-hash',
  }
}

/**
 * The packages of one data dir (`<dataDir>/packages/<name>.inspect`). Imports are all-or-nothing:
 * the bytes land under a temporary name, the whole package is checked (every entry's hash, the
 * weights it references), and only then renamed to its name.
 */
export class PackageLibrary {
  private readonly listings = new Map<string, PackageListing>()

  constructor(
    readonly dir: string,
    private readonly options: { engines: Engines; weightsStoreDir: string },
  ) {}

  fileOf(name: string): string {
    if (!PACKAGE_NAME_PATTERN.test(name)) throw new PackageError('invalid_content', `package name "${name}": expected letters, digits, '_', '-' or '.' (at most 64)`)
    return path.join(this.dir, `${name}${PACKAGE_EXTENSION}`)
  }

  /** True when a package of that name is stored. */
  async has(name: string): Promise<boolean> {
    return (await stat(this.fileOf(name)).catch(() => undefined))?.isFile() ?? false
  }

  /** Opens a stored package (hashes checked on every open: a file changed on disk is refused). */
  open(name: string): Promise<OpenedPackage> {
    return openPackage(this.fileOf(name), this.options, `package "${name}"`)
  }

  /** Writes a stream to a temporary file in the library, at most `limit` bytes. */
  async receive(body: Readable, limit: number): Promise<string> {
    await mkdir(this.dir, { recursive: true })
    const tmp = path.join(this.dir, `.upload-${randomBytes(6).toString('hex')}.tmp`)
    let received = 0
    body.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received > limit) body.destroy(new PackageTooLargeError(limit))
    })
    try {
      await pipeline(body, createWriteStream(tmp))
    } catch (error) {
      await rm(tmp, { force: true })
      throw error
    }
    return tmp
  }

  /**
   * Checks a package file and moves it into the library under `name`; the file is removed when it is
   * refused. `replace` allows overwriting a package of that name.
   */
  async importFile(file: string, name: string, replace = false): Promise<PackageListing> {
    try {
      const target = this.fileOf(name)
      if (!replace && (await stat(target).catch(() => undefined))) {
        throw new PackageError('invalid_content', `a package named "${name}" exists; import with replace to overwrite it`)
      }
      const opened = await openPackage(file, this.options, `uploaded package "${name}"`)
      const bytes = (await stat(file)).size
      await rename(file, target)
      const listing = listingOf(name, bytes, opened)
      this.listings.set(name, listing)
      return listing
    } finally {
      await rm(file, { force: true })
    }
  }

  /** Every stored package with its provenance; a package that no longer opens is listed with its error. */
  async list(): Promise<(PackageListing | { name: string; error: string })[]> {
    const files = (await readdir(this.dir).catch(() => [] as string[])).filter((f) => f.endsWith(PACKAGE_EXTENSION)).sort()
    const rows: (PackageListing | { name: string; error: string })[] = []
    for (const file of files) {
      const name = file.slice(0, -PACKAGE_EXTENSION.length)
      const known = this.listings.get(name)
      if (known) {
        rows.push(known)
        continue
      }
      try {
        const listing = listingOf(name, (await stat(this.fileOf(name))).size, await this.open(name))
        this.listings.set(name, listing)
        rows.push(listing)
      } catch (error) {
        rows.push({ name, error: (error as Error).message })
      }
    }
    return rows
  }

  /** A temporary file name inside the library, for an export to write to before it is imported. */
  tempFile(): string {
    return tempNameFor(path.join(this.dir, 'export'))
  }
}
