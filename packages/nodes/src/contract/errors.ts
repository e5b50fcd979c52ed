/** Raised when a run is cancelled; reported as cancelled, never as a failure. */
export class CancelledError extends Error {
  constructor(message = 'run cancelled') {
    super(message)
    this.name = 'CancelledError'
  }
}

/**
 * Bad input that reached a node at run time (a missing file, a tensor of the wrong shape, a weight file
 * without the expected tensor). Names the field, what was expected and what arrived.
 */
export class NodeInputError extends Error {
  readonly field: string
  readonly expected: string
  readonly found: string
  constructor(field: string, expected: string, found: string, hint?: string) {
    super(`${field}: expected ${expected}, found ${found}${hint ? `. ${hint}` : ''}`)
    this.name = 'NodeInputError'
    this.field = field
    this.expected = expected
    this.found = found
  }
}

/** Wraps any error thrown by a node with the node's identity; what the executor reports. */
export class NodeExecutionError extends Error {
  readonly nodeId: string
  readonly nodeType: string
  constructor(nodeId: string, nodeType: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    super(`node "${nodeId}" (${nodeType}) failed: ${reason}`, { cause })
    this.name = 'NodeExecutionError'
    this.nodeId = nodeId
    this.nodeType = nodeType
  }
}

/** Throws CancelledError when the signal has fired. Call between batches of long loops. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError()
}
