import type { ErrorObject } from 'ajv'

import { describeValue, listNames, makeProblem, pointerSegment } from './problem-text'
import type { GraphProblem, GraphProblemCode } from './problems'

/** How ajv errors of one validation become problems. */
export interface AjvProblemOptions {
  code: GraphProblemCode
  /** JSON pointer of the validated value inside the graph file (`''` for the whole file). */
  basePath: string
  /** The node a full problem path belongs to, if any. */
  nodeIdFor: (path: string) => string | undefined
}

/**
 * Turns ajv errors (from a validator compiled with `allErrors` and `verbose`) into problems with
 * readable expected/found text. Errors from inside an `anyOf`/`oneOf` and from `propertyNames` are
 * folded into their parent error, so one mistake gives one problem.
 */
export function ajvErrorsToProblems(
  errors: readonly ErrorObject[],
  options: AjvProblemOptions,
): GraphProblem[] {
  return foldNestedErrors(errors).map((error) => {
    const { path, expected, found, message } = describeError(error, options.basePath)
    const nodeId = options.nodeIdFor(path)
    return makeProblem({ code: options.code, path, expected, found, nodeId, ...(message ? { message } : {}) })
  })
}

function foldNestedErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const parents = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
  return errors.filter((error) => {
    if (error.propertyName !== undefined) return false
    return !parents.some((p) => p !== error && error.schemaPath.startsWith(`${p.schemaPath}/`))
  })
}

interface ErrorText {
  path: string
  expected: string
  found: string
  message?: string
}

function describeError(error: ErrorObject, basePath: string): ErrorText {
  const path = basePath + error.instancePath
  const found = describeValue(error.data)
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required': {
      const name = String(params.missingProperty)
      return {
        path: `${path}/${pointerSegment(name)}`,
        expected: `field "${name}"`,
        found: 'nothing',
        message: `missing required field "${name}" at ${path || '/'}`,
      }
    }
    case 'additionalProperties': {
      const name = String(params.additionalProperty)
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {})
      return {
        path: `${path}/${pointerSegment(name)}`,
        expected: `only the fields ${listNames(allowed)}`,
        found: `unknown field "${name}"`,
        message: `unknown field "${name}" at ${path || '/'}; allowed fields: ${listNames(allowed)}`,
      }
    }
    case 'propertyNames': {
      const name = String(params.propertyName)
      return {
        path: `${path}/${pointerSegment(name)}`,
        expected: describePropertyNames(error),
        found: `name "${name}"`,
      }
    }
    default:
      return { path, expected: expectedFor(error), found }
  }
}

function describePropertyNames(error: ErrorObject): string {
  const pattern = (error.schema as { pattern?: string } | undefined)?.pattern
  return pattern ? `a name matching ${pattern}` : 'a valid name'
}

function expectedFor(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'type':
      return String(params.type).split(',').join(' or ')
    case 'enum':
      return `one of ${listValues(params.allowedValues as unknown[])}`
    case 'const':
      return JSON.stringify(params.allowedValue)
    case 'pattern':
      return `a string matching ${String(params.pattern)}`
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `a number ${String(params.comparison)} ${String(params.limit)}`
    case 'minLength':
      return `a string of at least ${String(params.limit)} characters`
    case 'maxLength':
      return `a string of at most ${String(params.limit)} characters`
    case 'minItems':
      return `at least ${String(params.limit)} items`
    case 'maxItems':
      return `at most ${String(params.limit)} items`
    case 'anyOf':
    case 'oneOf':
      return describeAlternatives(error.schema)
    default:
      return (error.message ?? 'a valid value').replace(/^must (be )?/, '')
  }
}

function listValues(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ')
}

/** `one of "a", "b"` when every alternative is a constant (TypeBox literal unions), else a count. */
function describeAlternatives(schema: unknown): string {
  const branches = Array.isArray(schema) ? (schema as Record<string, unknown>[]) : []
  const constants = branches.filter((b) => b && 'const' in b).map((b) => b.const)
  if (constants.length > 0 && constants.length === branches.length) return `one of ${listValues(constants)}`
  const kinds = branches.map((b) => (b && typeof b.type === 'string' ? b.type : 'value'))
  return `one of: ${kinds.join(' or ')}`
}
