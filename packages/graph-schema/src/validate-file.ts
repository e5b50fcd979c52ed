import Ajv, { type ValidateFunction } from 'ajv'

import { ajvErrorsToProblems } from './ajv-problems'
import type { GraphFile } from './graph-file'
import { graphFileJsonSchema } from './graph-json-schema'
import type { GraphProblem } from './problems'

/** Result of checking a document against the GraphFile JSON Schema. */
export type FileValidation = { ok: true; graph: GraphFile } | { ok: false; problems: GraphProblem[] }

let compiled: ValidateFunction<GraphFile> | undefined

/** The schema never changes, so it is compiled once, on first use. */
function fileValidator(): ValidateFunction<GraphFile> {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true })
    compiled = ajv.compile<GraphFile>(graphFileJsonSchema)
  }
  return compiled
}

/**
 * Validates a document (already migrated to the current schemaVersion) against the GraphFile JSON
 * Schema. Every schema problem is reported, each with its JSON pointer and, under `/nodes/N`, the
 * node's id when it has a readable one.
 */
export function validateGraphFile(doc: unknown): FileValidation {
  const validate = fileValidator()
  if (validate(doc)) return { ok: true, graph: doc }
  const problems = ajvErrorsToProblems(validate.errors ?? [], {
    code: 'schema_invalid',
    basePath: '',
    nodeIdFor: (path) => nodeIdAtPath(doc, path),
  })
  return { ok: false, problems }
}

/** The id of the node a path points into (`/nodes/3/...`), when that node has a string id. */
export function nodeIdAtPath(doc: unknown, path: string): string | undefined {
  const match = /^\/nodes\/(\d+)(\/|$)/.exec(path)
  if (!match || !isRecord(doc) || !Array.isArray(doc.nodes)) return undefined
  const node: unknown = doc.nodes[Number(match[1])]
  return isRecord(node) && typeof node.id === 'string' ? node.id : undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
