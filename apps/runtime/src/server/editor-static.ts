import { existsSync } from 'node:fs'
import path from 'node:path'

import express, { type RequestHandler, Router } from 'express'

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>InspectFlow runtime</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>InspectFlow runtime is running</h1>
<p>The editor has not been built yet, so only the API is available here.</p>
<p>Build it with <code>npm run build --workspace apps/editor</code> (or run <code>npm start</code>, which builds it
when needed) and reload this page.</p>
<p>API: <a href="/api/health">/api/health</a>, <a href="/api/nodes">/api/nodes</a>,
<a href="/api/graphs">/api/graphs</a>, <a href="/api/runs">/api/runs</a> (see docs/api.md).</p>
</body></html>
`

/** True when `dir` holds a built editor. */
export function editorBuilt(dir: string | null): dir is string {
  return dir !== null && existsSync(path.join(dir, 'index.html'))
}

/**
 * Serves the built editor at `/` (with index.html for any other non-API GET, so client-side routes
 * reload), or a short page saying how to build it.
 */
export function editorRouter(dir: string | null): Router {
  const router = Router()
  if (!editorBuilt(dir)) {
    const page: RequestHandler = (req, res, next) => {
      if (req.path.startsWith('/api/') || req.path.startsWith('/socket.io/')) return next()
      res.type('html').send(NOT_BUILT_PAGE)
    }
    router.get('/', page)
    router.get('/index.html', page)
    return router
  }
  router.use(express.static(dir, { index: 'index.html', fallthrough: true }))
  router.get('/{*rest}', (req, res, next) => {
    if (req.path.startsWith('/api/') || req.path.startsWith('/socket.io/')) return next()
    res.sendFile(path.join(dir, 'index.html'))
  })
  return router
}
