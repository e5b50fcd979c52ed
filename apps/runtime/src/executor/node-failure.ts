import { CancelledError, NodeExecutionError } from '@inspectflow/nodes'

import type { RunState } from './run-state'

/** True when an error means the run was cancelled rather than that a node failed. */
export function isCancellation(error: unknown, signal: AbortSignal): boolean {
  const cause = error instanceof NodeExecutionError ? error.cause : error
  return cause instanceof CancelledError || signal.aborted
}

/**
 * Turns whatever a node threw into what the run reports: CancelledError stays a cancellation; anything
 * else becomes a NodeExecutionError naming the node, announced with node:failed.
 */
export function nodeFailure(state: RunState, nodeId: string, nodeType: string, error: unknown): Error {
  if (isCancellation(error, state.signal)) return error instanceof CancelledError ? error : new CancelledError()
  const wrapped = error instanceof NodeExecutionError ? error : new NodeExecutionError(nodeId, nodeType, error)
  state.events.emit({ type: 'node:failed', nodeId, nodeType, message: wrapped.message })
  return wrapped
}
