import { CURRENT_SCHEMA_VERSION } from './graph-file'

/** Node ids: a letter, then letters, digits, `_` or `-` (no dots, so `nodeId.port` splits cleanly). */
export const NODE_ID_PATTERN = '^[A-Za-z][A-Za-z0-9_-]*$'

/** Graph-level param names: usable inside `${params.name}` references. */
export const GRAPH_PARAM_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$'

/** `outputs` entries: `nodeId.port`. */
export const OUTPUT_REF_PATTERN = '^[A-Za-z][A-Za-z0-9_-]*\\.[^.]+$'

/** Editor-only data (positions, viewport, colours): any fields, kept as they are. */
const uiSchema = { type: 'object', additionalProperties: true } as const

const portRefSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['node', 'port'],
  properties: {
    node: { type: 'string', pattern: NODE_ID_PATTERN },
    port: { type: 'string', minLength: 1 },
  },
} as const

const edgeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: { from: portRefSchema, to: portRefSchema },
} as const

const nodeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'typeVersion'],
  properties: {
    id: { type: 'string', pattern: NODE_ID_PATTERN },
    type: { type: 'string', minLength: 1 },
    typeVersion: { type: 'integer', minimum: 1 },
    label: { type: 'string' },
    // The contents are checked against the node type's own params schema by the graph checks.
    params: { type: 'object', additionalProperties: true },
    ui: uiSchema,
  },
} as const

const paramDeclSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: { enum: ['string', 'number', 'integer', 'boolean'] },
    // Whether the default matches `type` is a graph-params check, so the message can name the param.
    default: { type: ['string', 'number', 'boolean'] },
    description: { type: 'string' },
  },
} as const

/**
 * JSON Schema (draft-07) of GraphFile at the current schemaVersion. Strict where the runtime reads
 * (root, nodes, edges, param declarations refuse unknown fields, so a typo is an error rather than
 * silently ignored); lenient in `ui` blocks, which belong to the editor.
 */
export const graphFileJsonSchema = {
  $id: 'https://inspectflow.dev/schemas/graph-file-v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'name', 'nodes', 'edges'],
  properties: {
    schemaVersion: { const: CURRENT_SCHEMA_VERSION },
    name: { type: 'string' },
    description: { type: 'string' },
    params: {
      type: 'object',
      propertyNames: { type: 'string', pattern: GRAPH_PARAM_NAME_PATTERN },
      additionalProperties: paramDeclSchema,
    },
    nodes: { type: 'array', items: nodeSchema },
    edges: { type: 'array', items: edgeSchema },
    outputs: { type: 'array', items: { type: 'string', pattern: OUTPUT_REF_PATTERN } },
    ui: uiSchema,
  },
} as const
