import type { ProgressPreview } from '@inspectflow/graph-schema'

import type { Engines } from '../engine/engines'
import type { SeededRandom } from './random'

/** Log sink handed to a node; the executor turns lines into `node:log` events. */
export interface NodeLogger {
  info(message: string): void
  warn(message: string): void
}

/** What a node may know of the run it belongs to, for provenance in reports. */
export interface RunInfo {
  graphName: string
  /** sha256 of the graph file's canonical JSON (without its `ui` layout). */
  graphHash: string
  /** `type@typeVersion` of every node of the graph, by node id. */
  nodeVersions: Record<string, string>
  /** `device (backend)` of each node that ran so far in this run, by node id. */
  nodeDevices?: Record<string, string>
}

/** The input a derived value belongs to: the port it arrived on and the value itself. */
export interface DerivedSource {
  port: string
  value: object
}

/**
 * Derived values kept per input object, for nodes run outside a graph (tests, scripts): the same input
 * object gets the same derived value, whatever context asks.
 */
export function derivedPerValue(): NodeContext['derived'] {
  const byValue = new WeakMap<object, Map<string, object>>()
  return <T extends object>(input: DerivedSource, name: string, create: () => T): T => {
    let named = byValue.get(input.value)
    if (!named) byValue.set(input.value, (named = new Map()))
    if (!named.has(name)) named.set(name, create())
    return named.get(name) as T
  }
}

/**
 * Everything a node may use while it runs. There is no module-level state: the signal, progress,
 * randomness, files and engines all come through here.
 */
export interface NodeContext {
  readonly nodeId: string
  readonly runId: string
  /** Fires on cancel; check it between batches (see throwIfCancelled) and pass it to awaited I/O. */
  readonly signal: AbortSignal
  /** Reports progress; the executor throttles the events it emits. */
  progress(done: number, total: number, message?: string, preview?: ProgressPreview): void
  readonly log: NodeLogger
  /** Seeded per run and node id: the same graph and seed give the same random choices. */
  readonly rng: SeededRandom
  /** A directory private to this node's cache entry, for checkpoints and resumable work. */
  readonly scratchDir: string
  /**
   * Writes a file for people (overlay PNG, report, preview) into the run's artifact directory and
   * returns its path relative to that directory.
   */
  writeArtifact(name: string, data: Uint8Array | string): Promise<string>
  /**
   * Resolves a path from a param. Relative paths resolve against the graph's base directory; the
   * server refuses paths outside its data roots. `field` names the param for the error message.
   */
  resolvePath(path: string, field: string): string
  readonly engines: Engines
  /**
   * A value derived from one of this node's inputs that is worth keeping as long as that input is (a
   * memory bank's local densities): `create` makes it on first use and later calls, in this run or a
   * later one, get the same object. It must depend on the input's content only, because every node
   * reading the same input shares it. The executor keeps it in its output cache under the input's key.
   */
  derived<T extends object>(input: DerivedSource, name: string, create: () => T): T
  /** The graph this node runs in; absent where a node is run outside a graph (tests, scripts). */
  readonly runInfo?: RunInfo
}
