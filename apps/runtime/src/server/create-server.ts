import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

import { createEngines, createRegistry, type Engines, type NodeRegistry, weightsStoreDir } from '@inspectflow/nodes'
import type { Express } from 'express'
import { Server as SocketServer } from 'socket.io'

import { executeGraph } from '../executor/execute-graph'
import { attachInspectSocket } from '../packages/inspect-socket'
import { PackageService } from '../packages/package-service'
import { buildApp } from './app'
import { DEFAULT_PACKAGE_LIMITS } from './routes/packages'
import { claimDataDir } from './claim-data-dir'
import { hostHeaderIsLoopback, isLoopbackHost, sameOriginHandshake } from './auth'
import { EDITOR_DIST } from './ensure-editor-built'
import { createGraphValidator } from './graph-validation'
import { GraphStore } from './graph-store'
import { resolveDataRoots } from './path-safety'
import { keepRunsWithin } from './retention-keeper'
import { RunService, type ValidateFn } from './run-service'
import { RunStore } from './run-store'
import { attachSocketHub } from './socket-hub'
import {
  DEFAULT_LIMITS,
  defaultDevice,
  programVersion,
  remoteQueueFactory,
  REPO_ROOT,
  type ServerLimits,
  type ServerLogger,
  type ServerOptions,
  stderrLogger,
} from './server-options'

/** A started server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:43127`. */
  url: string
  port: number
  app: Express
  io: SocketServer
  http: HttpServer
  runs: RunService
  store: RunStore
  /** Aborts running runs, waits for their records to be written, closes sockets and the port. */
  close(): Promise<void>
}

/** A configuration the server refuses to start with. */
export class ServerConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ServerConfigError'
  }
}

function checkBinding(host: string, token: string | undefined): void {
  if (!isLoopbackHost(host) && token === undefined) {
    throw new ServerConfigError(
      `refusing to bind ${host} without a token: anyone on the network could run graphs and read files. ` +
        'Set INSPECTFLOW_TOKEN (clients then send "Authorization: Bearer <token>"), or bind 127.0.0.1.',
    )
  }
}

/** The configured token; an empty one counts as none. */
function tokenOf(options: ServerOptions): string | undefined {
  return options.token === '' ? undefined : options.token
}

function urlOf(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`
}

async function listen(http: HttpServer, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(port, host, () => {
      http.off('error', reject)
      resolve()
    })
  })
  return (http.address() as AddressInfo).port
}

/** The options with every default filled in, and the services built from them. */
interface ServerParts {
  host: string
  token: string | undefined
  registry: NodeRegistry
  engines: Engines
  devices: string[]
  graphs: GraphStore
  store: RunStore
  runs: RunService
  packages: PackageService
  validate: ValidateFn
  limits: ServerLimits
  logger: ServerLogger
  editorDir: string | null
  dataRoots: string[]
  baseDir: string
}

/** Folders from the options, resolved against the cwd, with their defaults. */
function resolveFolders(options: ServerOptions): { cwd: string; baseDir: string; dataDir: string; graphs: GraphStore } {
  const cwd = process.cwd()
  const dataDir = path.resolve(cwd, options.dataDir ?? '.inspectflow')
  const graphs = new GraphStore(
    path.resolve(cwd, options.graphsDir ?? path.join(dataDir, 'graphs')),
    path.resolve(cwd, options.templatesDir ?? path.join(REPO_ROOT, 'graphs')),
  )
  return { cwd, baseDir: path.resolve(options.baseDir ?? cwd), dataDir, graphs }
}

async function buildParts(options: ServerOptions): Promise<ServerParts> {
  const { cwd, baseDir, dataDir, graphs } = resolveFolders(options)
  const logger = options.logger ?? stderrLogger
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  const registry = options.registry ?? createRegistry()
  const engines = options.engines ?? createEngines()
  const devices = options.devices ?? [defaultDevice(engines)]
  const validate = options.validate ?? createGraphValidator(registry)
  const onError = (error: unknown): void => logger.error(error instanceof Error ? error.message : String(error))
  const dataRoots = resolveDataRoots(options.dataRoots, cwd)
  const store = await RunStore.open(path.join(dataDir, 'runs'), onError)
  const runs = new RunService({
    store,
    registry,
    engines,
    execute: options.execute ?? executeGraph,
    validate,
    devices,
    cacheDir: path.join(dataDir, 'cache'),
    baseDir,
    dataRoots,
    maxWaiting: limits.maxWaitingRuns,
    onError,
    createQueue: remoteQueueFactory(options),
  })
  const packages = new PackageService({ dataDir, engines, registry, runs, store, baseDir, dataRoots: resolveDataRoots(options.dataRoots, cwd), weightsStoreDir: weightsStoreDir(process.env, cwd), version: programVersion() })
  const editorDir = options.editorDir === undefined ? EDITOR_DIST : options.editorDir
  const host = options.host ?? '127.0.0.1'
  return { host, token: tokenOf(options), registry, engines, devices, graphs, store, runs, packages, validate, limits, logger, editorDir, dataRoots, baseDir }
}

/**
 * Starts the runtime server: REST API, socket.io and the built editor on one port. Defaults are the
 * safe ones: loopback only, user data under `.inspectflow/` in the cwd, graph paths limited to the cwd
 * and `INSPECTFLOW_DATA_ROOTS`.
 */
export async function createServer(options: ServerOptions = {}): Promise<RunningServer> {
  checkBinding(options.host ?? '127.0.0.1', tokenOf(options))
  const { dataDir, graphs: graphStore } = resolveFolders(options)
  const layout = { dataDir, graphsDir: graphStore.userDir, runsDir: path.join(dataDir, 'runs'), cacheDir: path.join(dataDir, 'cache') }
  const lock = await claimDataDir(layout, options.runRetention ?? {}, options.logger ?? stderrLogger)
  try {
    return await startOnLockedDataDir(options, lock.release)
  } catch (error) {
    await lock.release()
    throw error
  }
}

async function startOnLockedDataDir(options: ServerOptions, releaseLock: () => Promise<void>): Promise<RunningServer> {
  const parts = await buildParts(options)
  const { host, token, runs, store } = parts
  const app = buildApp({ ...parts, version: programVersion(), loopbackOnly: isLoopbackHost(host) })
  const http = createHttpServer(app)
  const io = new SocketServer(http, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    // Browsers apply neither CORS nor the Host guard to websockets: check origin and host here.
    allowRequest: (req, callback) => callback(null, sameOriginHandshake(req) && (!isLoopbackHost(host) || hostHeaderIsLoopback(req))),
  })
  const detachHub = attachSocketHub(io, { runs, graphs: parts.graphs, limits: parts.limits, token, onWarning: parts.logger.warn })
  const detachInspect = attachInspectSocket(http, { packages: parts.packages, limits: parts.limits, token, loopbackOnly: isLoopbackHost(host), maxImageBytes: DEFAULT_PACKAGE_LIMITS.maxImageBytes, onWarning: parts.logger.warn })
  const detachRetention = keepRunsWithin(runs, store, options.runRetention ?? {}, (error) => parts.logger.error(String(error)))
  const port = await listen(http, host, options.port ?? 0)
  const close = async (): Promise<void> => {
    await runs.queue.close()
    detachHub()
    detachInspect()
    detachRetention()
    await store.flush()
    await new Promise<void>((resolve) => {
      void io.close(() => resolve())
      http.closeAllConnections()
    })
    await releaseLock()
  }
  return { url: urlOf(host, port), port, app, io, http, runs, store, close }
}
