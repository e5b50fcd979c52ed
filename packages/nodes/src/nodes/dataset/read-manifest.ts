import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'

import { NodeInputError } from '../../contract/errors'
import type { DatasetImage } from '../../datasets/dataset-value'

/**
 * A dataset manifest: a JSON file listing images for datasets that do not follow the MVTec layout.
 *
 *   { "train": ["good/001.png", ...],
 *     "test": [{ "path": "crack/004.png", "defectType": "crack", "mask": "masks/crack/004.png" }, ...] }
 *
 * Paths are relative to the manifest's folder. A train entry is normal; a test entry is normal when its
 * defect type is `good` (the default) unless `label` says otherwise.
 */
export interface ManifestEntry {
  path: string
  label?: 0 | 1
  defectType?: string
  mask?: string
}

export interface DatasetManifest {
  train: (string | ManifestEntry)[]
  test: (string | ManifestEntry)[]
}

/** The manifest's images, resolved, with a fingerprint over the manifest and every file's size and mtime. */
export interface ManifestContent {
  train: DatasetImage[]
  test: DatasetImage[]
  fingerprint: string
}

/** Resolves a path (and checks it is allowed), as NodeContext.resolvePath does. */
export type ResolvePath = (path: string, field: string) => string

/** Parses and checks a manifest file; every problem names the entry. */
export async function readManifest(file: string, resolvePath: ResolvePath): Promise<ManifestContent> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new NodeInputError('file', 'a readable manifest JSON file', `"${file}" cannot be read`)
  })
  const manifest = parseManifest(text, file)
  const root = dirname(file)
  const train = await Promise.all(manifest.train.map((entry, i) => toImage(entry, `train[${i}]`, { root, resolvePath })))
  const test = await Promise.all(manifest.test.map((entry, i) => toImage(entry, `test[${i}]`, { root, resolvePath })))
  // hashed in manifest order once every stat is back: the stats finish in any order, and hashing as
  // they came made the fingerprint (and every cache key downstream) differ from run to run
  const hash = createHash('sha256').update(text)
  for (const { stamp } of [...train, ...test]) hash.update(stamp)
  return {
    train: train.map(({ image }) => ({ ...image, label: 0, defectType: 'good' })),
    test: test.map(({ image }) => image),
    fingerprint: hash.digest('hex'),
  }
}

function parseManifest(text: string, file: string): DatasetManifest {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new NodeInputError('file', 'a JSON manifest', `"${file}" which is not valid JSON`)
  }
  const manifest = parsed as Partial<DatasetManifest>
  if (!Array.isArray(manifest.train) || !Array.isArray(manifest.test)) {
    throw new NodeInputError('file', 'an object with "train" and "test" lists', `"${file}" without them`)
  }
  return { train: manifest.train, test: manifest.test }
}

interface EntryContext {
  root: string
  resolvePath: ResolvePath
}

/** One manifest entry as an image, and the line its file contributes to the fingerprint. */
async function toImage(entry: string | ManifestEntry, where: string, context: EntryContext): Promise<{ image: DatasetImage; stamp: string }> {
  const item: ManifestEntry = typeof entry === 'string' ? { path: entry } : entry
  if (typeof item.path !== 'string') throw new NodeInputError(`file ${where}`, 'an entry with a "path" string', JSON.stringify(entry))
  const path = context.resolvePath(resolve(context.root, item.path), `file ${where}`)
  const info = await stat(path).catch(() => {
    throw new NodeInputError(`file ${where}`, 'an existing image file', `"${item.path}" (${path}) is missing`)
  })
  const defectType = item.defectType ?? 'good'
  const image: DatasetImage = { path, name: item.path, label: item.label ?? (defectType === 'good' ? 0 : 1), defectType }
  if (item.mask) image.maskPath = context.resolvePath(resolve(context.root, item.mask), `file ${where}.mask`)
  return { image, stamp: `${path}:${info.size}:${info.mtimeMs}` }
}
