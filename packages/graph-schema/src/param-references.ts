import { jsonPointer } from './problem-text'

/** A `${params.name}` reference and where it sits. */
export interface ParamReference {
  /** Graph param name inside the braces. */
  name: string
  /** JSON pointer of the string holding the reference, relative to the substituted value. */
  path: string
}

/** A value with its references substituted, the references that were and those that could not be. */
export interface Substitution {
  value: unknown
  resolved: ParamReference[]
  unresolved: ParamReference[]
}

interface References {
  resolved: ParamReference[]
  unresolved: ParamReference[]
}

const WHOLE_REFERENCE = /^\$\{params\.([A-Za-z_][A-Za-z0-9_]*)\}$/
const EMBEDDED_REFERENCE = /\$\{params\.([A-Za-z_][A-Za-z0-9_]*)\}/g

/**
 * Replaces `${params.name}` references inside a node's params, at any depth. A string that is one
 * whole reference takes the param's value with its type (`"${params.k}"` becomes the number 5); a
 * reference inside a longer string is interpolated as text (`"${params.root}/train"`). References
 * without a value stay as written and are returned in `unresolved`. The input is not modified.
 */
export function substituteReferences(value: unknown, values: Readonly<Record<string, unknown>>): Substitution {
  const references: References = { resolved: [], unresolved: [] }
  const result = substituteAt(value, values, [], references)
  return { value: result, ...references }
}

function substituteAt(
  value: unknown,
  values: Readonly<Record<string, unknown>>,
  path: (string | number)[],
  references: References,
): unknown {
  if (typeof value === 'string') return substituteString(value, values, jsonPointer(...path), references)
  if (Array.isArray(value)) return value.map((item, i) => substituteAt(item, values, [...path, i], references))
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => [k, substituteAt(v, values, [...path, k], references)])
    return Object.fromEntries(entries)
  }
  return value
}

function substituteString(
  text: string,
  values: Readonly<Record<string, unknown>>,
  path: string,
  references: References,
): unknown {
  const whole = WHOLE_REFERENCE.exec(text)
  if (whole) {
    const name = whole[1] as string
    const known = Object.hasOwn(values, name)
    ;(known ? references.resolved : references.unresolved).push({ name, path })
    return known ? values[name] : text
  }
  return text.replace(EMBEDDED_REFERENCE, (match, name: string) => {
    const known = Object.hasOwn(values, name)
    ;(known ? references.resolved : references.unresolved).push({ name, path })
    return known ? String(values[name]) : match
  })
}

/**
 * The graph params a node param is written with, in order of appearance, each once: `"${params.root}/train"`
 * names `root`. For messages that tell a user which graph param to set.
 */
export function referencedGraphParams(written: unknown): string[] {
  return [...new Set(substituteReferences(written, {}).unresolved.map((ref) => ref.name))]
}
