import { lstat, readdir, realpath, stat } from 'node:fs/promises'
import path from 'node:path'

import type { DataRootEntry, FsEntry, FsListing } from '@inspectflow/graph-schema'

import { HttpError, badRequest, notFound } from '../errors'
import { isInside } from '../path-safety'

/** Most entries one answer lists; a folder of 100k images must not build a 20 MB reply. */
export const MAX_ENTRIES = 2000

/** Names for the roots: the folder's base name, with -2, -3... when two roots share one. */
export function nameRoots(roots: readonly string[]): DataRootEntry[] {
  const taken = new Map<string, number>()
  return roots.map((root) => {
    const base = path.basename(root) || 'root'
    const seen = (taken.get(base) ?? 0) + 1
    taken.set(base, seen)
    return { name: seen === 1 ? base : `${base}-${seen}`, path: root }
  })
}

/**
 * The relative path asked for, checked by its spelling alone: no absolute path, no `..`, no
 * backslash or NUL (a backslash is a separator on Windows and a way round the `..` check).
 */
export function checkedRelativePath(requested: string): string {
  const refuse = (why: string) => badRequest(`path "${requested}" is refused: ${why}; give a folder relative to the data root, e.g. "datasets/bottle"`, undefined, 'path_refused')
  if (requested.includes('\0') || requested.includes('\\')) throw refuse('it contains a backslash or a NUL character')
  if (path.isAbsolute(requested) || /^[A-Za-z]:/.test(requested)) throw refuse('it is absolute')
  const parts = requested.split('/').filter((p) => p !== '' && p !== '.')
  if (parts.includes('..')) throw refuse('it climbs out with ".."')
  return parts.join('/')
}

/** The value a graph param takes for this absolute path: relative to `baseDir` when below it. */
export function paramValue(absolute: string, baseDir: string): string {
  if (!isInside(baseDir, absolute)) return absolute
  return path.relative(baseDir, absolute).split(path.sep).join('/') || '.'
}

/** The real folder of `relative` under `root`, refused (403) when a link leads it out of the root. */
async function realFolder(root: string, relative: string): Promise<string> {
  const spelled = path.join(root, ...relative.split('/').filter(Boolean))
  let real: string
  try {
    real = await realpath(spelled)
  } catch {
    throw notFound(`no folder "${relative}" in data root ${root}`)
  }
  // The message never says where the link leads: that place is outside what this server may show.
  if (!isInside(root, real)) throw new HttpError(403, 'path_outside_root', `"${relative}" leads outside the data root through a link; it cannot be browsed`)
  if (!(await stat(real)).isDirectory()) throw badRequest(`"${relative}" is a file, not a folder`, undefined, 'not_a_folder')
  return real
}

/** One entry, with links followed only when they stay inside the root (others are left out). */
async function entryOf(root: string, folder: string, relativeFolder: string, name: string, baseDir: string): Promise<FsEntry | undefined> {
  const full = path.join(folder, name)
  const info = await lstat(full).catch(() => undefined)
  if (!info) return undefined
  let target = info
  if (info.isSymbolicLink()) {
    const real = await realpath(full).catch(() => undefined)
    if (!real || !isInside(root, real)) return undefined
    target = await stat(real)
  }
  const relative = relativeFolder ? `${relativeFolder}/${name}` : name
  const value = paramValue(path.join(root, ...relative.split('/')), baseDir)
  if (target.isDirectory()) return { name, kind: 'folder', path: relative, value }
  if (target.isFile()) return { name, kind: 'file', path: relative, value, size: target.size }
  return undefined
}

/** Lists a folder below one data root: folders first, then files, by name; hidden entries left out. */
export async function listDataRoot(roots: readonly DataRootEntry[], rootName: string, requested: string, baseDir: string): Promise<FsListing> {
  const root = roots.find((r) => r.name === rootName)
  if (!root) throw notFound(`no data root named "${rootName}"; the roots are ${roots.map((r) => r.name).join(', ') || 'none'}`)
  const relative = checkedRelativePath(requested)
  const folder = await realFolder(root.path, relative)
  const names = (await readdir(folder)).filter((name) => !name.startsWith('.')).sort((a, b) => a.localeCompare(b))
  const entries: FsEntry[] = []
  for (const name of names.slice(0, MAX_ENTRIES)) {
    const entry = await entryOf(root.path, folder, relative, name, baseDir)
    if (entry) entries.push(entry)
  }
  entries.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'folder' ? -1 : 1))
  const value = paramValue(path.join(root.path, ...relative.split('/').filter(Boolean)), baseDir)
  return { roots: [...roots], root: root.name, path: relative, value, entries, truncated: names.length > MAX_ENTRIES }
}
