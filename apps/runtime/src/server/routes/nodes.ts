import { SOCKET_TYPES } from '@inspectflow/graph-schema'
import type { NodeRegistry } from '@inspectflow/nodes'
import { Router } from 'express'

/** `GET /api/nodes`: every node type with its ports and params JSON Schema, and the socket types. */
export function nodesRouter(registry: NodeRegistry): Router {
  const router = Router()
  router.get('/api/nodes', (_req, res) => {
    res.json({ nodes: registry.catalog.all(), sockets: SOCKET_TYPES })
  })
  return router
}
