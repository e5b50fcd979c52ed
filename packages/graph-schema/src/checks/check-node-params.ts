import type { ErrorObject } from 'ajv'

import { closestNames } from '../closest-names'

import { ajvErrorsToProblems } from '../ajv-problems'
import type { GraphFile } from '../graph-file'
import type { GraphParamValue } from '../graph-params'
import type { NodeCatalog, NodeCatalogEntry } from '../node-catalog'
import { type ParamReference, substituteReferences } from '../param-references'
import { paramsValidatorsFor } from '../params-validators'
import { jsonPointer, listNames, makeProblem } from '../problem-text'
import type { GraphProblem } from '../problems'
import type { NodeIndex } from './check-nodes'

/** What checking the nodes' params gives: problems, and each node's params ready to run. */
export interface NodeParamsCheck {
  problems: GraphProblem[]
  /** Params by node id with references substituted and schema defaults filled in. */
  resolvedParams: Record<string, Record<string, unknown>>
}

/** The inputs of the node params check besides the graph. */
export interface NodeParamsContext {
  index: NodeIndex
  catalog: NodeCatalog
  /** Graph param values after defaults and overrides. */
  values: Record<string, GraphParamValue>
  /** Names of declared graph params (a declared one may still have no value). */
  declared: ReadonlySet<string>
}

/**
 * Substitutes `${params.name}` references in every node's params, reports those that resolve to
 * nothing, and validates the result against the node type's params schema (filling in defaults).
 * A schema error on a value that is still an unresolved reference is left out: the reference's own
 * problem already says what is wrong there.
 */
export function checkNodeParams(graph: GraphFile, context: NodeParamsContext): NodeParamsCheck {
  const result: NodeParamsCheck = { problems: [], resolvedParams: {} }
  for (const [nodeId, at] of context.index.positions) {
    const node = graph.nodes[at] as GraphFile['nodes'][number]
    const basePath = jsonPointer('nodes', at, 'params')
    const substitution = substituteReferences(node.params ?? {}, context.values)
    for (const ref of substitution.unresolved) {
      result.problems.push(referenceProblem(nodeId, basePath, ref, context))
    }
    const params = substitution.value as Record<string, unknown>
    const entry = context.index.entries.get(nodeId)
    if (entry) {
      result.problems.push(...unknownParamProblems(nodeId, basePath, entry, Object.keys(node.params ?? {})))
      const problems = validateParams(entry, params, { nodeId, basePath, catalog: context.catalog, substitution })
      result.problems.push(...problems)
    }
    result.resolvedParams[nodeId] = params
  }
  return result
}

function referenceProblem(
  nodeId: string,
  basePath: string,
  ref: ParamReference,
  context: NodeParamsContext,
): GraphProblem {
  const path = basePath + ref.path
  if (context.declared.has(ref.name)) {
    return makeProblem({
      code: 'graph_param_missing',
      nodeId,
      path,
      expected: `a value for graph param "${ref.name}" (a default or an override)`,
      found: 'neither',
      message: `node "${nodeId}" uses \${params.${ref.name}} at ${path}, but graph param "${ref.name}" has no default and no override was given`,
    })
  }
  const declared = listNames([...context.declared])
  return makeProblem({
    code: 'param_reference_unresolved',
    nodeId,
    path,
    expected: `a declared graph param (declared: ${declared})`,
    found: `\${params.${ref.name}}`,
    message: `node "${nodeId}" uses \${params.${ref.name}} at ${path}, but the graph declares no param "${ref.name}" (declared: ${declared})`,
  })
}

interface ValidationTarget {
  nodeId: string
  basePath: string
  catalog: NodeCatalog
  substitution: { resolved: ParamReference[]; unresolved: ParamReference[] }
}

/** Validates params in place (defaults are written into `params`). */
function validateParams(
  entry: NodeCatalogEntry,
  params: Record<string, unknown>,
  target: ValidationTarget,
): GraphProblem[] {
  const validator = paramsValidatorsFor(target.catalog).get(entry)
  if (validator instanceof Error) {
    return [
      makeProblem({
        code: 'param_invalid',
        nodeId: target.nodeId,
        path: target.basePath,
        expected: `a params schema of ${entry.type}@${entry.typeVersion} that compiles`,
        found: validator.message,
        message: `node type ${entry.type}@${entry.typeVersion} has a params schema ajv cannot compile: ${validator.message}`,
      }),
    ]
  }
  if (validator(params)) return []
  const unresolvedPaths = new Set(target.substitution.unresolved.map((r) => r.path))
  // unknown top-level params are reported by unknownParamProblems, with a did-you-mean
  const errors = (validator.errors ?? []).filter(
    (e: ErrorObject) => !unresolvedPaths.has(e.instancePath) && !(e.keyword === 'additionalProperties' && e.instancePath === ''),
  )
  const problems = ajvErrorsToProblems(errors, {
    code: 'param_invalid',
    basePath: target.basePath,
    nodeIdFor: () => target.nodeId,
  })
  return problems.map((p) => withReferenceNote(p, target))
}

/** Says where a wrong value came from when it was a graph param, since the file shows `${params.x}`. */
function withReferenceNote(problem: GraphProblem, target: ValidationTarget): GraphProblem {
  const ref = target.substitution.resolved.find((r) => target.basePath + r.path === problem.path)
  return ref ? { ...problem, message: `${problem.message} (the value of graph param "${ref.name}")` } : problem
}

/**
 * A param the node type does not have is a mistake (usually a typo) that would otherwise be ignored
 * silently while the default is used, so it is a problem with the nearest known names as a hint.
 * Schemas that allow extra properties on purpose (`additionalProperties` not false) are left alone.
 */
function unknownParamProblems(nodeId: string, basePath: string, entry: NodeCatalogEntry, given: string[]): GraphProblem[] {
  const schema = entry.params as { properties?: Record<string, unknown>; additionalProperties?: unknown }
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) return []
  if (schema.properties === undefined) return []
  const known = Object.keys(schema.properties ?? {})
  return given
    .filter((name) => !known.includes(name))
    .map((name) => {
      const hints = closestNames(name, known)
      const hint = hints.length > 0 ? `; did you mean ${hints.map((h) => `"${h}"`).join(' or ')}?` : ''
      return makeProblem({
        code: 'param_unknown',
        nodeId,
        path: `${basePath}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        expected: `a param of ${entry.type} (${listNames(known)})`,
        found: `"${name}"`,
        message: `node "${nodeId}" (${entry.type}) has no param "${name}"${hint}`,
      })
    })
}
