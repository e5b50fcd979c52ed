import type { NodeCatalogEntry, OutputSpec, PortSpec } from '@inspectflow/graph-schema'
import type { Static, TObject } from '@sinclair/typebox'

import type { NodeContext } from './context'
import type { SocketValue } from './socket-values'

/** Run-time value of one input port: a list when the port accepts several edges. */
type InputValue<S extends PortSpec> = S['multiple'] extends true
  ? SocketValue<S['type']>[]
  : S['optional'] extends true
    ? SocketValue<S['type']> | undefined
    : SocketValue<S['type']>

/** Typed inputs object of a node, keyed by port name. */
export type NodeInputs<I extends Record<string, PortSpec>> = { [K in keyof I]: InputValue<I[K]> }

/** Typed outputs object of a node, keyed by port name. */
export type NodeOutputs<O extends Record<string, OutputSpec>> = { [K in keyof O]: SocketValue<O[K]['type']> }

/** Everything a node type declares; `run` is the only function the executor must call. */
export interface NodeDefinition<
  I extends Record<string, PortSpec> = Record<string, PortSpec>,
  O extends Record<string, OutputSpec> = Record<string, OutputSpec>,
  P extends TObject = TObject,
> {
  type: string
  typeVersion: number
  title: string
  category: string
  description: string
  inputs: I
  outputs: O
  params: P
  /**
   * Fingerprint of the files this node reads (sizes and mtimes of a dataset, a weight file's hash),
   * folded into the cache key so that a changed file re-runs the node.
   */
  fingerprint?: (ctx: NodeContext, params: Static<P>) => Promise<string>
  /** False for nodes whose outputs are cheap to recompute or must not be stored (default true). */
  cacheable?: boolean
  /**
   * The files and folders this node will read with these params (before resolving), so that
   * `validate --check-paths` can say a path is wrong before anything runs.
   */
  readsPaths?: (params: Static<P>) => PathRead[]
  run: (ctx: NodeContext, inputs: NodeInputs<I>, params: Static<P>) => Promise<NodeOutputs<O>>
}

/** One path a node reads: the param it comes from, as written, and what must be there. */
export interface PathRead {
  param: string
  path: string
  kind: 'file' | 'folder'
}

/** A definition with its type parameters erased, as the registry stores it. */
export interface AnyNodeDefinition {
  type: string
  typeVersion: number
  title: string
  category: string
  description: string
  inputs: Record<string, PortSpec>
  outputs: Record<string, OutputSpec>
  params: TObject
  fingerprint?: (ctx: NodeContext, params: Record<string, unknown>) => Promise<string>
  cacheable?: boolean
  readsPaths?: (params: Record<string, unknown>) => PathRead[]
  run: (ctx: NodeContext, inputs: Record<string, unknown>, params: Record<string, unknown>) => Promise<Record<string, unknown>>
}

/**
 * Declares a node type. The typed definition is checked here once; the registry then stores it
 * erased, because the executor only ever calls it with inputs and params the graph checks validated.
 */
export function defineNode<
  const I extends Record<string, PortSpec>,
  const O extends Record<string, OutputSpec>,
  P extends TObject,
>(definition: NodeDefinition<I, O, P>): AnyNodeDefinition {
  return definition as unknown as AnyNodeDefinition
}

/** The serialisable part of a definition: what `GET /api/nodes` returns and the graph checks use. */
export function toCatalogEntry(definition: AnyNodeDefinition): NodeCatalogEntry {
  return {
    type: definition.type,
    typeVersion: definition.typeVersion,
    title: definition.title,
    category: definition.category,
    description: definition.description,
    inputs: definition.inputs,
    outputs: definition.outputs,
    params: JSON.parse(JSON.stringify(definition.params)) as Record<string, unknown>,
  }
}
