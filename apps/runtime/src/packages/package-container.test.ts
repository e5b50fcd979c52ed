import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import tar from 'tar-stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { tempDir } from '../../test/run-helpers'
import { type PackageEntries, readPackageFile, writePackageFile } from './package-container'
import { PackageError } from './package-errors'
import { MANIFEST_ENTRY, PACKAGE_FORMAT_VERSION, type PackageProvenance } from './package-manifest'

const provenance: PackageProvenance = {
  graphHash: 'a'.repeat(64),
  graphName: 'test',
  overrides: {},
  nodeVersions: { 'score.ldknn': 2 },
  datasetFingerprint: 'f'.repeat(64),
  metrics: null,
  inspectflowVersion: '0.1.0',
  createdAt: '2026-01-01T00:00:00.000Z',
}

function entries(): PackageEntries {
  return new Map([
    ['inspection.json', Buffer.from('{"marker":"INSPECTION-ENTRY"}\n')],
    ['bank.safetensors', Buffer.alloc(3000, 7)],
  ])
}

/** A tar written by hand, for packages the writer would never make. */
async function rawTar(file: string, items: [string, Buffer][]): Promise<void> {
  const pack = tar.pack()
  for (const [name, bytes] of items) pack.entry({ name }, bytes)
  pack.finalize()
  const chunks: Buffer[] = []
  for await (const chunk of pack) chunks.push(chunk as Buffer)
  await writeFile(file, Buffer.concat(chunks))
}

async function refusal(file: string): Promise<PackageError> {
  const error = await readPackageFile(file).then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(PackageError)
  return error as PackageError
}

let dir: string
let good: string
beforeAll(async () => {
  dir = await tempDir()
  good = join(dir, 'good.inspect')
  await writePackageFile(good, entries(), provenance)
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('package container', () => {
  it('reads back what it wrote, manifest first with each entry hashed', async () => {
    const read = await readPackageFile(good)
    expect(read.manifest.formatVersion).toBe(PACKAGE_FORMAT_VERSION)
    expect(read.manifest.provenance).toEqual(provenance)
    expect(read.manifest.entries.map((e) => e.name)).toEqual(['inspection.json', 'bank.safetensors'])
    expect(read.entries.get('bank.safetensors')).toEqual(Buffer.alloc(3000, 7))
    const bytes = await readFile(good)
    expect(bytes.subarray(0, MANIFEST_ENTRY.length).toString()).toBe(MANIFEST_ENTRY)
  })

  it('refuses a package from a newer format with "upgrade InspectFlow"', async () => {
    const file = join(dir, 'newer.inspect')
    const manifest = { format: 'inspectflow-package', formatVersion: PACKAGE_FORMAT_VERSION + 1, entries: [], provenance }
    await rawTar(file, [[MANIFEST_ENTRY, Buffer.from(JSON.stringify(manifest))]])
    const error = await refusal(file)
    expect(error.code).toBe('newer_format')
    expect(error.message).toMatch(/upgrade InspectFlow/)
  })

  it('refuses a tampered entry and names it', async () => {
    const bytes = await readFile(good)
    const at = bytes.indexOf('INSPECTION-ENTRY')
    expect(at).toBeGreaterThan(0)
    bytes.write('X', at)
    const file = join(dir, 'tampered.inspect')
    await writeFile(file, bytes)
    const error = await refusal(file)
    expect(error.code).toBe('tampered')
    expect(error.entry).toBe('inspection.json')
    expect(error.message).toContain('"inspection.json"')
  })

  it('refuses a truncated file', async () => {
    const bytes = await readFile(good)
    const file = join(dir, 'truncated.inspect')
    // cut inside the bank entry's data: the archive ends mid-entry
    await writeFile(file, bytes.subarray(0, bytes.length - 1024 - 2000))
    const error = await refusal(file)
    expect(error.code).toBe('truncated')
    expect(error.message).toMatch(/truncated/)
  })

  it('refuses a package whose manifest lists an entry the file lacks, naming it', async () => {
    const full = await readPackageFile(good)
    const file = join(dir, 'missing.inspect')
    await rawTar(file, [
      [MANIFEST_ENTRY, Buffer.from(JSON.stringify(full.manifest))],
      ['inspection.json', full.entries.get('inspection.json') as Buffer],
    ])
    const error = await refusal(file)
    expect(error.code).toBe('missing_entry')
    expect(error.entry).toBe('bank.safetensors')
  })

  it('refuses an entry the manifest does not list, and a tar without a manifest first', async () => {
    const full = await readPackageFile(good)
    const extra = join(dir, 'extra.inspect')
    await rawTar(extra, [[MANIFEST_ENTRY, Buffer.from(JSON.stringify(full.manifest))], ['run-me.js', Buffer.from('process.exit(1)')]])
    expect((await refusal(extra)).code).toBe('unexpected_entry')
    const plain = join(dir, 'plain.inspect')
    await rawTar(plain, [['notes.txt', Buffer.from('hello')]])
    expect((await refusal(plain)).code).toBe('not_a_package')
  })
})
