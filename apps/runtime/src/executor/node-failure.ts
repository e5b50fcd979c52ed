import { referencedGraphParams } from '@inspectflow/graph-schema'
import { CancelledError, NodeExecutionError, NodeInputError } from '@inspectflow/nodes'

import type { RunState } from './run-state'

/** True when an error means the run was cancelled rather than that a node failed. */
export function isCancellation(error: unknown, signal: AbortSignal): boolean {
  const cause = error instanceof NodeExecutionError ? error.cause : error
  return cause instanceof CancelledError || signal.aborted
}

/**
 * A node only knows its own param names, but the user sets graph params: when the param a
 * NodeInputError names was written as `${params.x}` in the graph file, the message says so
 * ("weightsPath (set by graph param "weights"): ..."), so the user knows what to --set or edit.
 */
function withGraphParamSource(state: RunState, nodeId: string, error: unknown): unknown {
  if (!(error instanceof NodeInputError)) return error
  const written = state.nodes.get(nodeId)?.node.params?.[error.field]
  const names = referencedGraphParams(written).map((name) => `"${name}"`)
  if (names.length === 0) return error
  const attributed = new NodeInputError(error.field, error.expected, error.found)
  attributed.message = `${error.field} (set by graph param ${names.join(', ')})${error.message.slice(error.field.length)}`
  return attributed
}

/**
 * Turns whatever a node threw into what the run reports: CancelledError stays a cancellation; anything
 * else becomes a NodeExecutionError naming the node, announced with node:failed.
 */
export function nodeFailure(state: RunState, nodeId: string, nodeType: string, error: unknown): Error {
  if (isCancellation(error, state.signal)) return error instanceof CancelledError ? error : new CancelledError()
  const wrapped = error instanceof NodeExecutionError ? error : new NodeExecutionError(nodeId, nodeType, withGraphParamSource(state, nodeId, error))
  state.events.emit({ type: 'node:failed', nodeId, nodeType, message: wrapped.message })
  return wrapped
}
