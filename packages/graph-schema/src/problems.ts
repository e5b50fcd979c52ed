/** One problem found while loading or checking a graph. Every problem is collected, not only the first. */
export interface GraphProblem {
  code: GraphProblemCode
  /** The node the problem belongs to, where there is one. */
  nodeId?: string
  /** JSON pointer into the graph file, e.g. `/nodes/3/params/k`. */
  path: string
  /** What the program expected, in words. */
  expected: string
  /** What the file contained, in words. */
  found: string
  /** One sentence a person can act on. */
  message: string
}

export type GraphProblemCode =
  | 'invalid_json'
  | 'schema_version_missing'
  | 'schema_version_too_new'
  | 'migration_failed'
  | 'schema_invalid'
  | 'duplicate_node_id'
  | 'unknown_node_type'
  | 'unknown_type_version'
  | 'unknown_node'
  | 'unknown_port'
  | 'type_mismatch'
  | 'required_input_missing'
  | 'input_connected_twice'
  | 'cycle'
  | 'param_invalid'
  | 'param_unknown'
  | 'param_reference_unresolved'
  | 'graph_param_invalid'
  | 'graph_param_missing'
  | 'unknown_param_override'
  | 'unknown_output'
  | 'path_not_found'
  | 'empty_graph'

/** Thrown where a caller needs an exception rather than a result; carries every problem. */
export class GraphValidationError extends Error {
  readonly problems: GraphProblem[]
  constructor(problems: GraphProblem[]) {
    super(formatProblems(problems))
    this.name = 'GraphValidationError'
    this.problems = problems
  }
}

/** Human-readable multi-line listing of problems, one per line. */
export function formatProblems(problems: GraphProblem[]): string {
  return problems
    .map((p) => `${p.nodeId ? `node "${p.nodeId}" ` : ''}${p.path || '/'}: ${p.message} (expected ${p.expected}, found ${p.found})`)
    .join('\n')
}
