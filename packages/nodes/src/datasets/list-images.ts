import { readdir, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'

import { DatasetLayoutError } from './dataset-errors'

/** File extensions read as images (lower case). */
export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.bmp', '.tif', '.tiff', '.webp'])

/** True for the REB saliency maps stored next to training images (`000_saliency.jpg`). */
export function isSaliencyFile(fileName: string): boolean {
  return /_saliency\.[a-z]+$/i.test(fileName)
}

/** True when `path` is an existing directory. */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}

/** Sub-directory names of a directory, sorted by code point so the order never depends on the file system. */
export async function listSubdirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()
}

/**
 * Image files of one directory (not recursive), sorted by name. The reference globs without sorting,
 * so its order depends on the file system; a sorted order makes runs reproducible everywhere.
 */
export async function listImageFiles(dir: string): Promise<string[]> {
  if (!(await isDirectory(dir))) throw new DatasetLayoutError(dir, 'a directory of images', 'no such directory')
  const entries = await readdir(dir, { withFileTypes: true })
  return entries
    .filter((e) => e.isFile() && IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase()) && !isSaliencyFile(e.name))
    .map((e) => e.name)
    .sort()
    .map((name) => join(dir, name))
}

/** The file name without its extension: `000.png` -> `000`. */
export function stem(fileName: string): string {
  const ext = extname(fileName)
  return ext ? fileName.slice(0, -ext.length) : fileName
}
