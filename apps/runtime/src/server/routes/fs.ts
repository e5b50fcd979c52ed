import { Router } from 'express'

import { badRequest, HttpError } from '../errors'
import { sentByAnotherOrigin } from '../origin-guard'
import { listDataRoot, nameRoots } from './fs-listing'

/** What `GET /api/fs` needs: the canonical data roots and the folder relative graph paths resolve against. */
export interface FsDeps {
  dataRoots: readonly string[]
  baseDir: string
}

/**
 * `GET /api/fs`: the data roots; `GET /api/fs?root=NAME&path=REL`: the folders and files of REL under
 * that root, for the editor's path picker. Only the configured data roots can be listed (the places
 * a graph may read anyway); `..`, absolute paths and links leading out of a root are refused. A page
 * of another origin is refused too, although it could not read the answer: a listing is nobody else's.
 */
export function fsRouter(deps: FsDeps): Router {
  const router = Router()
  const roots = nameRoots(deps.dataRoots)
  router.get('/api/fs', async (req, res) => {
    if (sentByAnotherOrigin(req)) throw new HttpError(403, 'forbidden_origin', 'GET /api/fs refused: sent from another origin')
    const root = typeof req.query.root === 'string' ? req.query.root : undefined
    if (req.query.path !== undefined && typeof req.query.path !== 'string') throw badRequest('give one "path" query parameter', undefined, 'path_refused')
    const requested = typeof req.query.path === 'string' ? req.query.path : ''
    if (root === undefined) {
      res.json({ roots })
      return
    }
    res.json(await listDataRoot(roots, root, requested, deps.baseDir))
  })
  return router
}
