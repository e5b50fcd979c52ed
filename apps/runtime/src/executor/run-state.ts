import type { ExecutionPlan, GraphFile } from '@inspectflow/graph-schema'

import type { OutputCache } from '../cache/output-cache'
import type { RunPlanNode } from './prepare-run'
import type { PathResolver } from './resolve-path'
import type { RunEventEmitter } from './run-event-emitter'
import type { RunOptions } from './run-options'

/** The mutable bookkeeping of one run, shared by the executor's steps. */
export interface RunState {
  options: RunOptions
  events: RunEventEmitter
  graph: GraphFile
  plan: ExecutionPlan
  /** The planned nodes by id, in plan order, each with its definition and checked params. */
  nodes: Map<string, RunPlanNode>
  signal: AbortSignal
  seed: number
  cache: OutputCache
  resolvePath: PathResolver
  keys: Map<string, string>
  /** Output records computed or loaded in this run, by node id. */
  values: Map<string, Record<string, unknown>>
  executed: string[]
  cached: string[]
  /** The node running now, named by run:cancelled. */
  current?: string
  /** `device (backend)` of each node that ran so far, for the report's provenance. */
  nodeDevices?: Map<string, string>
}
