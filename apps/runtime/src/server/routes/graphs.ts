import { Router } from 'express'

import { checkGraphShape } from '../graph-validation'
import type { GraphStore } from '../graph-store'
import type { ValidateFn } from '../run-service'
import type { ServerLimits } from '../server-options'

/** What the graph routes need. */
export interface GraphRoutesDeps {
  graphs: GraphStore
  validate: ValidateFn
  limits: ServerLimits
}

function overwriteAllowed(query: unknown): boolean {
  return (query as { overwrite?: unknown }).overwrite !== 'false'
}

/**
 * Graph routes: list, get, save (atomic; saved even with problems so work is never lost, with the
 * problems in the answer), delete, and validate without saving. Templates are read-only (409).
 */
export function graphsRouter(deps: GraphRoutesDeps): Router {
  const router = Router()
  router.get('/api/graphs', async (_req, res) => {
    res.json({ graphs: await deps.graphs.list() })
  })
  router.post('/api/graphs/validate', (req, res) => {
    checkGraphShape(req.body, deps.limits)
    // the migrated graph comes back too, so a client can open an older file in its current form
    const checked = deps.validate(req.body, {})
    res.json({ ok: checked.ok, problems: checked.problems, graph: checked.ok ? checked.plan.graph : checked.graph })
  })
  router.get('/api/graphs/:name', async (req, res) => {
    const stored = await deps.graphs.get(req.params.name)
    res.json(stored.graph)
  })
  router.put('/api/graphs/:name', async (req, res) => {
    checkGraphShape(req.body, deps.limits)
    const { problems } = deps.validate(req.body, {})
    const { created } = await deps.graphs.save(req.params.name, req.body, overwriteAllowed(req.query))
    res.status(created ? 201 : 200).json({ name: req.params.name, problems })
  })
  router.delete('/api/graphs/:name', async (req, res) => {
    await deps.graphs.delete(req.params.name)
    res.status(204).end()
  })
  return router
}
