import { Router } from 'express'

import { badRequest } from '../errors'
import type { GraphStore } from '../graph-store'
import type { RunStatus } from '../run-record'
import { type StartBody, startInput } from '../run-request'
import type { RunService } from '../run-service'
import type { RunStore } from '../run-store'
import type { ServerLimits } from '../server-options'

/** What the run routes need. */
export interface RunRoutesDeps {
  runs: RunService
  store: RunStore
  graphs: GraphStore
  limits: ServerLimits
}

const STATUSES = new Set<RunStatus>(['queued', 'running', 'finished', 'failed', 'cancelled'])

/** Run routes: start (queued, 202), list newest first, get, cancel, and the stored event log. */
export function runsRouter(deps: RunRoutesDeps): Router {
  const router = Router()
  router.post('/api/runs', async (req, res) => {
    const record = deps.runs.start(await startInput((req.body ?? {}) as StartBody, deps))
    res.status(202).json({ runId: record.runId, status: record.status, position: record.position })
  })
  router.get('/api/runs', (req, res) => {
    const status = typeof req.query.status === 'string' ? req.query.status : undefined
    if (status !== undefined && !STATUSES.has(status as RunStatus)) {
      throw badRequest(`unknown status "${status}"; use one of ${[...STATUSES].join(', ')}`)
    }
    const limit = Math.max(1, Math.min(1000, Number(req.query.limit ?? 200) || 200))
    const runs = deps.store.list().filter((r) => status === undefined || r.status === status)
    res.json({ runs: runs.slice(0, limit) })
  })
  router.get('/api/runs/:id', (req, res) => {
    res.json(deps.runs.get(req.params.id))
  })
  router.post('/api/runs/:id/cancel', (req, res) => {
    res.json(deps.runs.cancel(req.params.id))
  })
  router.get('/api/runs/:id/events', async (req, res) => {
    deps.runs.get(req.params.id)
    res.json({ events: await deps.store.events(req.params.id) })
  })
  return router
}
