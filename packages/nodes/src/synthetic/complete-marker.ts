import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'

import type { DatasetImage } from '../datasets/dataset-value'

/** Name of the file that marks a folder as completely generated: fingerprint, then each file's sha256. */
export const COMPLETE_MARKER = '.inspectflow-synthetic'

/** What the marker records. */
interface MarkerContent {
  fingerprint: string
  /** sha256 of every generated file, by path relative to the root. */
  files: Record<string, string>
}

function filesOf(images: DatasetImage[]): string[] {
  return images.flatMap((image) => (image.maskPath ? [image.path, image.maskPath] : [image.path]))
}

async function sha256Of(file: string): Promise<string | undefined> {
  try {
    return createHash('sha256').update(await readFile(file)).digest('hex')
  } catch {
    return undefined
  }
}

/** Writes the marker last, once every file is on disk, with the hashes of what was written. */
export async function writeCompleteMarker(root: string, fingerprint: string, images: DatasetImage[]): Promise<void> {
  const files: Record<string, string> = {}
  for (const file of filesOf(images)) files[relative(root, file)] = (await sha256Of(file)) ?? ''
  const content: MarkerContent = { fingerprint, files }
  await writeFile(join(root, COMPLETE_MARKER), `${JSON.stringify(content)}\n`)
}

/**
 * True when the marker names this fingerprint and every planned file still has the hash it was written
 * with. The marker alone used to be trusted: one PNG overwritten with garbage then failed every later run
 * until someone deleted the folder by hand. A marker of the older, fingerprint-only format counts as
 * unverifiable, so the folder is generated once more.
 */
export async function completeAndIntact(root: string, fingerprint: string, images: DatasetImage[]): Promise<boolean> {
  let marker: MarkerContent
  try {
    marker = JSON.parse(await readFile(join(root, COMPLETE_MARKER), 'utf8')) as MarkerContent
  } catch {
    return false
  }
  if (marker.fingerprint !== fingerprint || typeof marker.files !== 'object' || marker.files === null) return false
  for (const file of filesOf(images)) {
    const expected = marker.files[relative(root, file)]
    if (expected === undefined || (await sha256Of(file)) !== expected) return false
  }
  return true
}
