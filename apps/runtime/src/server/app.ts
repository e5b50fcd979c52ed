import type { Engines, NodeRegistry } from '@inspectflow/nodes'
import express, { type Express, type RequestHandler } from 'express'

import { loopbackHostGuard, tokenGuard } from './auth'
import { editorRouter } from './editor-static'
import { errorHandler, unknownApiRoute } from './errors'
import { checkJsonText } from './json-limits'
import { stateChangeGuard } from './origin-guard'
import type { GraphStore } from './graph-store'
import type { PackageService } from '../packages/package-service'
import { artifactsRouter } from './routes/artifacts'
import { compareRouter } from './routes/compare'
import { fsRouter } from './routes/fs'
import { graphsRouter } from './routes/graphs'
import { healthRouter } from './routes/health'
import { nodesRouter } from './routes/nodes'
import { packagesRouter } from './routes/packages'
import { runsRouter } from './routes/runs'
import type { RunService, ValidateFn } from './run-service'
import type { RunStore } from './run-store'
import type { ServerLimits, ServerLogger } from './server-options'

/** Everything the Express app is built from. */
export interface AppDeps {
  version: string
  /** Required on every request when set. */
  token?: string
  /** True when bound to loopback: requests must then name a loopback host. */
  loopbackOnly: boolean
  registry: NodeRegistry
  engines: Engines
  devices: string[]
  runs: RunService
  /** Fitted inspection packages: upload, list, inspect, export of finished runs. */
  packages: PackageService
  store: RunStore
  graphs: GraphStore
  validate: ValidateFn
  limits: ServerLimits
  editorDir: string | null
  logger: ServerLogger
  /** Canonical data roots the path picker may list, and the folder relative graph paths resolve against. */
  dataRoots: string[]
  baseDir: string
}

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('X-Frame-Options', 'DENY')
  next()
}

/** Builds the Express app: guards, JSON body limit, the API routes, the editor, JSON errors. */
export function buildApp(deps: AppDeps): Express {
  const app = express()
  app.disable('x-powered-by')
  app.use(securityHeaders)
  if (deps.loopbackOnly) app.use(loopbackHostGuard())
  if (deps.token !== undefined) app.use(tokenGuard(deps.token))
  // before the JSON-only guard: image and package uploads are binary, with their own origin and type guard
  app.use(packagesRouter(deps.packages))
  app.use('/api', stateChangeGuard())
  const jsonLimits = { maxDepth: deps.limits.maxJsonDepth, maxStringLength: deps.limits.maxJsonStringLength }
  app.use('/api', express.json({ limit: deps.limits.maxBodyBytes, strict: false, verify: (_req, _res, body) => checkJsonText(body, jsonLimits) }))
  app.use(healthRouter({ version: deps.version, engines: deps.engines, devices: deps.devices, runs: deps.runs }))
  app.use(nodesRouter(deps.registry))
  app.use(graphsRouter({ graphs: deps.graphs, validate: deps.validate, limits: deps.limits }))
  app.use(runsRouter({ runs: deps.runs, store: deps.store, graphs: deps.graphs, limits: deps.limits }))
  app.use(artifactsRouter(deps.runs))
  app.use(compareRouter({ store: deps.store, registry: deps.registry }))
  app.use(fsRouter({ dataRoots: deps.dataRoots, baseDir: deps.baseDir }))
  app.use('/api', unknownApiRoute)
  app.use(editorRouter(deps.editorDir))
  app.use(errorHandler((error) => deps.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error))))
  return app
}
