import { realpathSync } from 'node:fs'
import { realpath } from 'node:fs/promises'
import path from 'node:path'

/** A path that would leave the directories the server may read or serve. */
export class PathOutsideRootsError extends Error {
  readonly requested: string
  constructor(requested: string, roots: readonly string[]) {
    super(`path "${requested}" is outside the allowed directories (${roots.join(', ')}); use a path inside one of them`)
    this.name = 'PathOutsideRootsError'
    this.requested = requested
  }
}

/** True when `child` is `parent` or lies below it (both absolute and normalised). */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

function canonical(dir: string): string {
  const absolute = path.resolve(dir)
  try {
    return realpathSync(absolute)
  } catch {
    return absolute
  }
}

/**
 * The data roots the server allows: the configured list, else the working directory plus every entry
 * of `INSPECTFLOW_DATA_ROOTS` (path-delimited). Roots are canonicalised so that a root reached
 * through a link still matches the real paths files resolve to.
 */
export function resolveDataRoots(configured: readonly string[] | undefined, cwd: string, env = process.env): string[] {
  const fromEnv = (env.INSPECTFLOW_DATA_ROOTS ?? '').split(path.delimiter).filter((entry) => entry.trim() !== '')
  const roots = configured && configured.length > 0 ? configured : [cwd, ...fromEnv]
  return [...new Set(roots.map((root) => canonical(path.resolve(cwd, root))))]
}

/** Real path of `target`, or of its deepest existing ancestor joined with the rest (for files not yet written). */
async function realPathOfExistingPart(target: string): Promise<string> {
  try {
    return await realpath(target)
  } catch {
    const parent = path.dirname(target)
    if (parent === target) return target
    return path.join(await realPathOfExistingPart(parent), path.basename(target))
  }
}

/**
 * Resolves `requested` (relative to `baseDir`) and checks it stays inside one of `roots`, both by its
 * spelling (`..`, absolute paths) and after following links, so a link inside a root that points
 * outside is refused too.
 */
export async function resolveInsideRoots(requested: string, baseDir: string, roots: readonly string[]): Promise<string> {
  if (requested.includes('\0')) throw new PathOutsideRootsError(requested, roots)
  const absolute = path.resolve(baseDir, requested)
  if (!roots.some((root) => isInside(root, absolute))) throw new PathOutsideRootsError(requested, roots)
  const real = await realPathOfExistingPart(absolute)
  if (!roots.some((root) => isInside(root, real))) throw new PathOutsideRootsError(requested, roots)
  return real
}
