import type { ExecutionPlan, GraphFile, RunEvent } from '@inspectflow/graph-schema'
import type { Engines, NodeRegistry } from '@inspectflow/nodes'

import type { OutputCache } from '../cache/output-cache'

/** Everything one execution of a graph needs. The executor never touches HTTP or socket.io. */
export interface RunOptions {
  runId: string
  /** The graph as read from its file (any schemaVersion); the executor migrates and validates it. */
  graph: unknown
  registry: NodeRegistry
  engines: Engines
  /** Graph-level param overrides (`--set name=value`, the run API's `params`). Strings are coerced. */
  overrides?: Record<string, unknown>
  /** `nodeId` or `nodeId.port` entries to compute; default: the graph's `outputs`, else every sink node. */
  targets?: string[]
  /**
   * The plan validateAndPlan made of `graph` with these overrides and targets, against this registry's
   * catalog, where the caller already has it (the server checks a graph when it accepts a run).
   */
  plan?: ExecutionPlan
  /** Content-addressed cache directory shared between runs. */
  cacheDir: string
  /**
   * A cache instance to reuse, so its memory tier survives between runs (a server keeps one per
   * process). Default: a fresh one over `cacheDir` (disk hits only).
   */
  cache?: OutputCache
  /** Where this run's artifacts (PNGs, reports) go. */
  artifactDir: string
  /** Directory relative paths in params resolve against (the graph file's folder, or the cwd). */
  baseDir: string
  /**
   * Directories paths in params must stay inside; undefined = unrestricted (the CLI). The server
   * always sets this.
   */
  dataRoots?: string[]
  /** Seed of every node's random generator. */
  seed?: number
  signal?: AbortSignal
  /** Receives every event, in order. Listener errors are ignored by the executor. */
  onEvent: (event: RunEvent) => void
}

/** How a run ended, with the outputs computed. */
export interface RunResult {
  status: 'finished' | 'failed' | 'cancelled'
  /** Values of the requested targets by `nodeId.port`. */
  outputs: Record<string, unknown>
  /** Ids of nodes that actually executed (not cached). */
  executed: string[]
  cached: string[]
  error?: { message: string; nodeId?: string; nodeType?: string; problems?: unknown[] }
  graph?: GraphFile
}
