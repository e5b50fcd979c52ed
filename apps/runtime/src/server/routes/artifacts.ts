import { lstat, readdir, realpath } from 'node:fs/promises'
import path from 'node:path'

import { Router } from 'express'

import { badRequest, notFound } from '../errors'
import { PathOutsideRootsError, resolveInsideRoots } from '../path-safety'
import type { RunService } from '../run-service'

/** One row of `GET /api/runs/:id/artifacts`. */
export interface ArtifactEntry {
  /** Path relative to the run's artifact folder, with `/` separators. */
  name: string
  size: number
  url: string
}

/** Every regular file below `dir`; links are skipped so a listing never points outside the folder. */
async function walk(dir: string, prefix = ''): Promise<{ name: string; size: number }[]> {
  let entries: string[]
  try {
    entries = await readdir(dir)
  } catch {
    return []
  }
  const rows: { name: string; size: number }[] = []
  for (const entry of entries.sort()) {
    const full = path.join(dir, entry)
    const info = await lstat(full)
    const name = prefix ? `${prefix}/${entry}` : entry
    if (info.isDirectory()) rows.push(...(await walk(full, name)))
    else if (info.isFile()) rows.push({ name, size: info.size })
  }
  return rows
}

function artifactUrl(runId: string, name: string): string {
  return `/api/runs/${encodeURIComponent(runId)}/artifacts/${name.split('/').map(encodeURIComponent).join('/')}`
}

function relativePathOf(segments: unknown): string {
  const parts = Array.isArray(segments) ? (segments as string[]) : [String(segments)]
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes('\0'))) {
    throw badRequest(`artifact path "${parts.join('/')}" is not allowed: use a name from the artifact list`, undefined, 'path_refused')
  }
  return parts.join('/')
}

/**
 * Artifact routes: the list of a run's files and each file. Paths are checked twice (spelling, then
 * real path) so neither `..` nor a link can reach outside the run's folder. Files are served with a
 * sandbox CSP: an HTML report opens in an isolated origin that cannot call the API with the user's cookie.
 */
export function artifactsRouter(runs: RunService): Router {
  const router = Router()
  router.get('/api/runs/:id/artifacts', async (req, res) => {
    const runId = req.params.id
    const files = await walk(runs.artifactDir(runId))
    res.json({ artifacts: files.map((f) => ({ ...f, url: artifactUrl(runId, f.name) })) })
  })
  router.get('/api/runs/:id/artifacts/*path', async (req, res) => {
    const dir = await realpath(runs.artifactDir(req.params.id)).catch(() => runs.artifactDir(req.params.id))
    const relative = relativePathOf(req.params.path)
    let file: string
    try {
      file = await resolveInsideRoots(relative, dir, [dir])
    } catch (error) {
      if (error instanceof PathOutsideRootsError) throw badRequest(`artifact path "${relative}" leaves the run's folder`, undefined, 'path_refused')
      throw error
    }
    const info = await lstat(file).catch(() => undefined)
    if (!info?.isFile()) throw notFound(`run ${req.params.id} has no artifact "${relative}"`)
    res.setHeader('Content-Security-Policy', 'sandbox allow-scripts')
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.sendFile(file, { dotfiles: 'allow' })
  })
  return router
}
