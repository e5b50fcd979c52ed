import { existsSync, realpathSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'

import { NodeInputError } from '@inspectflow/nodes'

/** Resolves a param path for one node, as NodeContext.resolvePath. */
export type PathResolver = (path: string, field: string) => string

/**
 * Builds the path resolver of a run: relative paths resolve against `baseDir`; when `dataRoots` is
 * set, the real path (symlinks followed) must lie inside one of them and is what the node gets,
 * otherwise NodeInputError naming the field. Real paths matter: a symlink inside a root that points outside it must be refused too.
 */
export function createPathResolver(baseDir: string, dataRoots?: string[]): PathResolver {
  const roots = dataRoots?.map((root) => realPathOf(resolve(baseDir, root)))
  return (path, field) => {
    const absolute = resolve(baseDir, path)
    if (!roots) return absolute
    const real = realPathOf(absolute)
    // the checked real path, not the spelling: a link swapped after this check is then never followed
    if (roots.some((root) => isInside(real, root))) return real
    // neither the real path nor the roots: a refusal must not tell a client where links lead
    throw new NodeInputError(field, 'a path inside the data roots', `"${path}", which is outside the data roots`)
  }
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/** Real path of `path`; for a path that does not exist yet, the real path of its nearest existing parent. */
function realPathOf(path: string): string {
  if (existsSync(path)) return realpathSync.native(path)
  const parent = dirname(path)
  if (parent === path) return path
  return join(realPathOf(parent), basename(path))
}
