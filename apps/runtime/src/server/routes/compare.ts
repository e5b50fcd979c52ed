import type { NodeRegistry } from '@inspectflow/nodes'
import { Router } from 'express'

import { compareStoredRuns, type StoredRun } from '../../sweep/compare-records'
import { badRequest, notFound } from '../errors'
import { isFinalStatus } from '../run-record'
import type { RunStore } from '../run-store'

/** The most runs one comparison takes: each brings its ROC curve and graph. */
const MAX_COMPARED = 50

/**
 * `GET /api/compare?runs=ID,ID,...`: two or more ended runs of the history side by side, as a sweep's
 * compare.json (a row per run with its params, image / pixel AUROC, AUPRO, best F1, fit and score time,
 * the image ROC curves and the best of each column).
 */
export function compareRouter(deps: { store: RunStore; registry: NodeRegistry }): Router {
  const router = Router()
  router.get('/api/compare', async (req, res) => {
    const text = typeof req.query.runs === 'string' ? req.query.runs : ''
    const ids = [...new Set(text.split(',').map((id) => id.trim()).filter(Boolean))]
    if (ids.length < 2 || ids.length > MAX_COMPARED) throw badRequest(`runs: expected 2 to ${MAX_COMPARED} comma-separated run ids, received ${ids.length}`)
    const runs: StoredRun[] = []
    for (const id of ids) {
      const record = deps.store.get(id)
      if (!record) throw notFound(`no run "${id}"`)
      if (!isFinalStatus(record.status)) throw badRequest(`run "${id}" is ${record.status}; only ended runs can be compared`)
      runs.push({ record, graph: (await deps.store.request(id)).graph })
    }
    res.json(compareStoredRuns(runs, deps.registry))
  })
  return router
}
