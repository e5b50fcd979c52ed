import type { GraphParamDecl } from './graph-file'
import { describeValue, jsonPointer, listNames, makeProblem } from './problem-text'
import type { GraphProblem } from './problems'

/** A graph-level param value after defaults and overrides. */
export type GraphParamValue = string | number | boolean

/** Declared type of a graph-level param. */
export type GraphParamType = GraphParamDecl['type']

/** Outcome of coercing one value to a declared param type. */
export type Coercion = { ok: true; value: GraphParamValue } | { ok: false }

/**
 * Coerces a value to a declared param type. CLI overrides (`--set k=2`) arrive as strings, so
 * numeric and boolean text is accepted; anything that would lose meaning (`"2.5"` as an integer,
 * `"yes"` as a boolean, an object) is refused.
 */
export function coerceParamValue(value: unknown, type: GraphParamType): Coercion {
  switch (type) {
    case 'string':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? { ok: true, value: String(value) }
        : { ok: false }
    case 'number':
      return toNumber(value)
    case 'integer': {
      const number = toNumber(value)
      return number.ok && Number.isInteger(number.value) ? number : { ok: false }
    }
    case 'boolean':
      return toBoolean(value)
  }
}

function toNumber(value: unknown): Coercion {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof number === 'number' && Number.isFinite(number) ? { ok: true, value: number } : { ok: false }
}

function toBoolean(value: unknown): Coercion {
  if (typeof value === 'boolean') return { ok: true, value }
  const text = typeof value === 'string' ? value.trim().toLowerCase() : ''
  return text === 'true' || text === 'false' ? { ok: true, value: text === 'true' } : { ok: false }
}

/** True when a value already has the declared type, without any coercion. */
export function matchesParamType(value: unknown, type: GraphParamType): boolean {
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value)
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value)
  return typeof value === type
}

/** Graph param values with the problems met while resolving them. */
export interface GraphParamResolution {
  values: Record<string, GraphParamValue>
  problems: GraphProblem[]
}

/**
 * Resolves every graph-level param: an override (coerced to the declared type) wins over the
 * declared default. Defaults of the wrong type, overrides that cannot be coerced and overrides of
 * undeclared params are problems. A param with neither keeps no value; references to it are
 * reported where they occur.
 */
export function resolveGraphParams(
  decls: Record<string, GraphParamDecl> | undefined,
  overrides: Record<string, unknown> = {},
): GraphParamResolution {
  const declared = decls ?? {}
  const values: Record<string, GraphParamValue> = {}
  const problems = unknownOverrideProblems(declared, overrides)
  for (const [name, decl] of Object.entries(declared)) {
    const fromDefault = defaultValue(name, decl, problems)
    const overridden = Object.hasOwn(overrides, name)
    const fromOverride = overridden ? overrideValue(name, decl, overrides[name], problems) : undefined
    const value = fromOverride ?? fromDefault
    if (value !== undefined) values[name] = value
  }
  return { values, problems }
}

function defaultValue(name: string, decl: GraphParamDecl, problems: GraphProblem[]): GraphParamValue | undefined {
  if (decl.default === undefined) return undefined
  if (matchesParamType(decl.default, decl.type)) return decl.default
  const path = jsonPointer('params', name, 'default')
  problems.push(
    makeProblem({
      code: 'graph_param_invalid',
      path,
      expected: decl.type,
      found: describeValue(decl.default),
      message: `default of graph param "${name}" at ${path}: expected ${decl.type}, found ${describeValue(decl.default)}`,
    }),
  )
  return undefined
}

function overrideValue(
  name: string,
  decl: GraphParamDecl,
  raw: unknown,
  problems: GraphProblem[],
): GraphParamValue | undefined {
  const coerced = coerceParamValue(raw, decl.type)
  if (coerced.ok) return coerced.value
  problems.push(
    makeProblem({
      code: 'graph_param_invalid',
      path: jsonPointer('params', name),
      expected: decl.type,
      found: describeValue(raw),
      message: `override of graph param "${name}": expected ${decl.type}, found ${describeValue(raw)}`,
    }),
  )
  return undefined
}

function unknownOverrideProblems(
  declared: Record<string, GraphParamDecl>,
  overrides: Record<string, unknown>,
): GraphProblem[] {
  const names = Object.keys(declared)
  return Object.keys(overrides)
    .filter((name) => !Object.hasOwn(declared, name))
    .map((name) =>
      makeProblem({
        code: 'unknown_param_override',
        path: '/params',
        expected: `one of the declared params ${listNames(names)}`,
        found: `override "${name}"`,
        message: `override "${name}" names no graph param; declared params: ${listNames(names)}`,
      }),
    )
}
