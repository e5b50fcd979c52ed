import type { Engines } from '@inspectflow/nodes'
import { Router } from 'express'

import type { RunService } from '../run-service'

/** What `GET /api/health` needs. */
export interface HealthDeps {
  version: string
  engines: Engines
  devices: string[]
  runs: RunService
}

/**
 * `GET /api/health`: program version, the engines in use (onnxruntime provider, tfjs backend), the
 * devices runs execute on and the queue on each.
 */
export function healthRouter(deps: HealthDeps): Router {
  const router = Router()
  router.get('/api/health', (_req, res) => {
    res.json({
      version: deps.version,
      engines: deps.engines.describe(),
      device: deps.devices[0],
      devices: deps.runs.queue.state(),
      queue: deps.runs.queue.totals(),
    })
  })
  return router
}
