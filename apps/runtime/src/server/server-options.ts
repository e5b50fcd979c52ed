import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { Engines, NodeRegistry } from '@inspectflow/nodes'

import { BullmqRunQueue } from '../queue/bullmq-run-queue'
import type { WorkerLostPolicy } from '../queue/job-data'
import type { RemoteQueueHooks, RunQueue } from '../queue/run-queue'
import type { RunRetention } from './run-retention'
import type { ExecuteFn, ValidateFn } from './run-service'

/** Node types that want a GPU unless configured otherwise: fine-tuning trains a network. */
export const DEFAULT_GPU_NODE_TYPES = ['backbone.finetune']

/** `serve --queue`: runs wait in Redis (BullMQ) and execute on `inspectflow worker` processes. */
export interface ServerQueueOptions {
  /** `redis://HOST:PORT`. */
  url: string
  /** The shared store workers write artifacts and the cache to (default: the data dir). */
  storeDir?: string
  /** A run whose worker died: `retry` once on another worker (default) or `fail` with the reason. */
  onWorkerLost?: WorkerLostPolicy
  /** Node types whose graphs wait for a GPU worker while one is registered (default DEFAULT_GPU_NODE_TYPES). */
  gpuNodeTypes?: string[]
}

/** Size limits that keep one request or graph from exhausting the server. */
export interface ServerLimits {
  /** Largest request body accepted, in bytes (413 beyond). */
  maxBodyBytes: number
  /** Most nodes one graph may have (413 beyond). */
  maxGraphNodes: number
  /** Most edges one graph may have (413 beyond). */
  maxGraphEdges: number
  /** Most runs waiting in the queue at once (429 beyond). */
  maxWaitingRuns: number
  /** Deepest nesting of objects and arrays in a JSON body or socket message (400 beyond). */
  maxJsonDepth: number
  /** Longest string in a JSON body or socket message (400 beyond). */
  maxJsonStringLength: number
  /** Unsent output one socket may leave behind before it is disconnected, in bytes. */
  maxSocketBufferedBytes: number
  /** Messages per second one socket may send on average (a burst of `socketMessageBurst` at once). */
  socketMessagesPerSecond: number
  socketMessageBurst: number
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxBodyBytes: 2 * 1024 * 1024,
  maxGraphNodes: 500,
  maxGraphEdges: 2000,
  maxWaitingRuns: 200,
  maxJsonDepth: 64,
  maxJsonStringLength: 64 * 1024,
  maxSocketBufferedBytes: 8 * 1024 * 1024,
  socketMessagesPerSecond: 50,
  socketMessageBurst: 200,
}

/** Where the server reports what it cannot answer a client about (internal errors, store trouble). */
export interface ServerLogger {
  warn(message: string): void
  error(message: string): void
}

/** Options of `createServer`; everything but the engines has a working default. */
export interface ServerOptions {
  /** Address to bind (default 127.0.0.1). Anything off loopback requires `token`. */
  host?: string
  /** Port (default 0: any free port, see the returned url). */
  port?: number
  /** Required on every request and socket when set; default `INSPECTFLOW_TOKEN`. */
  token?: string
  /** The user's graphs (default `<dataDir>/graphs`). */
  graphsDir?: string
  /** Read-only templates (default the repository's graphs/). */
  templatesDir?: string
  /** Runs, cache and artifacts (default `.inspectflow/` under the cwd). */
  dataDir?: string
  /** Directories graph paths may point into (default the cwd plus `INSPECTFLOW_DATA_ROOTS`). */
  dataRoots?: string[]
  /** Directory relative graph paths resolve against (default the cwd). */
  baseDir?: string
  registry?: NodeRegistry
  engines?: Engines
  /** The executor (default `executeGraph`); tests of the server alone may inject another. */
  execute?: ExecuteFn
  /** Graph check before queueing (default `loadGraph` against the registry's catalog). */
  validate?: ValidateFn
  /** Devices with one run at a time each (default: the engines' device). */
  devices?: string[]
  /** Built editor to serve at `/` (default apps/editor/dist); null serves no editor. */
  editorDir?: string | null
  limits?: Partial<ServerLimits>
  logger?: ServerLogger
  /** Ended runs to keep; folders beyond it are deleted at start (default: keep all). */
  runRetention?: RunRetention
  /** Queue runs in Redis for workers instead of running them in this process (default: in-process). */
  queue?: ServerQueueOptions
}

/** The run service's queue factory for `options.queue`; undefined keeps the in-process queue. */
export function remoteQueueFactory(options: ServerOptions): ((hooks: RemoteQueueHooks) => RunQueue) | undefined {
  const queue = options.queue
  if (!queue) return undefined
  const storeDir = path.resolve(queue.storeDir ?? options.dataDir ?? '.inspectflow')
  return (hooks) =>
    new BullmqRunQueue(
      {
        url: queue.url,
        version: programVersion(),
        storeDir,
        onWorkerLost: queue.onWorkerLost ?? 'retry',
        gpuNodeTypes: queue.gpuNodeTypes ?? DEFAULT_GPU_NODE_TYPES,
      },
      hooks,
    )
}

/** The repository root, found from this file so the server works from any cwd. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))

/** The program version from the root package.json. */
export function programVersion(): string {
  // lets a test start a worker that claims another version, to see it refuse runs
  if (process.env.INSPECTFLOW_VERSION_OVERRIDE) return process.env.INSPECTFLOW_VERSION_OVERRIDE
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: string }
  return pkg.version ?? '0.0.0'
}

/** The device runs execute on: the CUDA device when onnxruntime uses CUDA, else the CPU. */
export function defaultDevice(engines: Engines): string {
  return engines.describe().onnx.provider === 'cuda' ? 'cuda:0' : 'cpu'
}

/** Writes warnings and errors to stderr; the server never writes to stdout. */
export const stderrLogger: ServerLogger = {
  warn: (message) => process.stderr.write(`inspectflow: ${message}\n`),
  error: (message) => process.stderr.write(`inspectflow: error: ${message}\n`),
}
