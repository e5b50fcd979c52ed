import type { GraphProblem, GraphProblemCode } from './problems'

const MAX_TEXT = 60

/**
 * Describes a value found in a file for a problem's `found` field: its kind and, for scalars, the
 * value itself (`string "1"`, `number 2.5`, `array of 3 items`, `nothing` for a missing value).
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (typeof value === 'string') return `string ${JSON.stringify(truncate(value))}`
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`
  if (Array.isArray(value)) return `array of ${value.length} item${value.length === 1 ? '' : 's'}`
  return typeof value === 'object' ? 'object' : typeof value
}

function truncate(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}...` : text
}

/** Escapes one JSON pointer segment (RFC 6901: `~` -> `~0`, `/` -> `~1`). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1')
}

/** Builds a JSON pointer from path segments: `jsonPointer('nodes', 2, 'params')` -> `/nodes/2/params`. */
export function jsonPointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${pointerSegment(s)}`).join('')
}

/** The fields of a problem; `message` defaults to "expected X at PATH, found Y". */
export interface ProblemFields {
  code: GraphProblemCode
  path: string
  expected: string
  found: string
  nodeId?: string
  message?: string
}

/** Builds a GraphProblem, leaving `nodeId` out when there is none. */
export function makeProblem(fields: ProblemFields): GraphProblem {
  const { code, path, expected, found, nodeId } = fields
  const message = fields.message ?? `expected ${expected} at ${path || '/'}, found ${found}`
  return nodeId === undefined
    ? { code, path, expected, found, message }
    : { code, nodeId, path, expected, found, message }
}

/** Quotes and joins names for messages: `"a", "b", "c"`; `none` for an empty list. */
export function listNames(names: readonly (string | number)[]): string {
  if (names.length === 0) return 'none'
  return names.map((n) => (typeof n === 'string' ? `"${n}"` : String(n))).join(', ')
}

/** `record[key]` only when it is the record's own entry (so `"constructor"` is not a port). */
export function ownEntry<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined
}
