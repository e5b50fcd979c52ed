import type { GraphFile } from '@inspectflow/graph-schema'
import type { AnyNodeDefinition } from '@inspectflow/nodes'

import type { OutputCache } from '../cache/output-cache'
import type { RunPlan } from './plan-run'
import type { PathResolver } from './resolve-path'
import type { RunEventEmitter } from './run-event-emitter'
import type { RunOptions } from './run-options'

/** The mutable bookkeeping of one run, shared by the executor's steps. */
export interface RunState {
  options: RunOptions
  events: RunEventEmitter
  graph: GraphFile
  plan: RunPlan
  signal: AbortSignal
  seed: number
  cache: OutputCache
  resolvePath: PathResolver
  definitions: Map<string, AnyNodeDefinition>
  /** Params after graph-param substitution and schema defaults. */
  params: Map<string, Record<string, unknown>>
  keys: Map<string, string>
  /** Output records computed or loaded in this run, by node id. */
  values: Map<string, Record<string, unknown>>
  executed: string[]
  cached: string[]
  /** The node running now, named by run:cancelled. */
  current?: string
}

/** The node's definition, which the graph checks guarantee exists. */
export function definitionOf(state: RunState, nodeId: string): AnyNodeDefinition {
  const definition = state.definitions.get(nodeId)
  if (!definition) throw new Error(`node "${nodeId}" has no definition in this run's plan`)
  return definition
}
