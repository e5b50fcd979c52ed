import { api } from '../api/api-client'
import type { DataRoot, FsListing } from '../api/api-types'

/**
 * The folder (relative to a root) a param value points into, given the value the root itself takes
 * (`.` when the root is the server's base folder, else its relative or absolute spelling); undefined
 * when the value lies elsewhere. A file param opens at the file's folder.
 */
export function folderInRoot(rootValue: string, value: string, kind: 'folder' | 'file'): string | undefined {
  const clean = value.trim().replace(/\/+$/, '')
  if (!clean) return undefined
  const prefix = rootValue === '.' ? '' : `${rootValue.replace(/\/+$/, '')}/`
  if (prefix && !clean.startsWith(prefix)) return undefined
  if (!prefix && (clean.startsWith('/') || clean.startsWith('..'))) return undefined
  const inside = clean.slice(prefix.length).split('/').filter((p) => p && p !== '.')
  return (kind === 'file' ? inside.slice(0, -1) : inside).join('/')
}

/** Where the picker opens: where the value points when a root holds it (or its nearest listed parent), else the first root. */
export async function startingPlace(roots: DataRoot[], value: string, kind: 'folder' | 'file'): Promise<FsListing> {
  let first: FsListing | undefined
  for (const root of roots) {
    const top = await api.listFolder(root.name, '')
    first ??= top
    const folder = folderInRoot(top.value, value, kind)
    if (folder === undefined) continue
    const parts = folder ? folder.split('/') : []
    // A value naming a folder that does not exist yet opens at the deepest one that does.
    for (let depth = parts.length; depth > 0; depth--) {
      const found = await api.listFolder(root.name, parts.slice(0, depth).join('/')).catch(() => undefined)
      if (found) return found
    }
    return top
  }
  if (!first) throw new Error('the server has no data roots')
  return first
}
