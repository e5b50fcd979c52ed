import type { NodeCatalog } from '@inspectflow/graph-schema'

/** How much of a value `jsonSafe` keeps. */
export interface JsonSafeLimits {
  depth: number
  arrayItems: number
  stringChars: number
  keys: number
}

/** Small enough to send every output of a run to every late subscriber. */
export const COMPACT_LIMITS: JsonSafeLimits = { depth: 5, arrayItems: 64, stringChars: 2000, keys: 64 }

/** For metrics and thresholds, which the editor charts in full (an ROC curve has one point per image). */
export const FULL_LIMITS: JsonSafeLimits = { depth: 8, arrayItems: 20_000, stringChars: 20_000, keys: 500 }

function isTypedArray(value: unknown): value is ArrayLike<number> & { constructor: { name: string } } {
  return ArrayBuffer.isView(value) && !(value instanceof DataView)
}

function summariseArray(items: readonly unknown[], limits: JsonSafeLimits, depth: number): unknown[] {
  const head = items.slice(0, limits.arrayItems).map((item) => jsonSafe(item, limits, depth + 1))
  return items.length > limits.arrayItems ? [...head, `... ${items.length - limits.arrayItems} more`] : head
}

function summariseObject(value: object, limits: JsonSafeLimits, depth: number): Record<string, unknown> {
  const entries = Object.entries(value).filter(([, v]) => typeof v !== 'function')
  const out: Record<string, unknown> = {}
  for (const [key, item] of entries.slice(0, limits.keys)) out[key] = jsonSafe(item, limits, depth + 1)
  if (entries.length > limits.keys) out['...'] = `${entries.length - limits.keys} more keys`
  return out
}

const NOT_PRIMITIVE = Symbol('not a primitive')

/** JSON form of a primitive, or NOT_PRIMITIVE for objects and arrays. */
function primitive(value: unknown, limits: JsonSafeLimits): unknown {
  if (value === null || typeof value === 'boolean') return value
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value)
  if (typeof value === 'string') return value.length > limits.stringChars ? `${value.slice(0, limits.stringChars)}...` : value
  if (typeof value === 'bigint') return value.toString()
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined
  return NOT_PRIMITIVE
}

/**
 * A JSON-safe, bounded rendering of a node output for the run record: numbers, short strings and small
 * objects as they are; typed arrays (tensor data) as their type and length; long lists truncated.
 * The record must stay small because it is sent to every late socket subscriber.
 */
export function jsonSafe(value: unknown, limits: JsonSafeLimits = COMPACT_LIMITS, depth = 0): unknown {
  const simple = primitive(value, limits)
  if (simple !== NOT_PRIMITIVE) return simple
  if (isTypedArray(value)) return { typedArray: value.constructor.name, length: value.length }
  if (depth >= limits.depth) return '...'
  if (Array.isArray(value)) return summariseArray(value, limits, depth)
  if (value instanceof Date) return value.toISOString()
  if (value instanceof Map) return summariseObject(Object.fromEntries(value), limits, depth)
  return summariseObject(value as object, limits, depth)
}

/** Nodes of a graph file by id, for looking up the socket type of `nodeId.port` outputs. */
function nodeTypes(graph: unknown): Map<string, { type: string; typeVersion: number }> {
  const nodes = (graph as { nodes?: unknown } | null)?.nodes
  const map = new Map<string, { type: string; typeVersion: number }>()
  if (!Array.isArray(nodes)) return map
  for (const node of nodes as { id?: unknown; type?: unknown; typeVersion?: unknown }[]) {
    if (typeof node.id === 'string' && typeof node.type === 'string' && typeof node.typeVersion === 'number') {
      map.set(node.id, { type: node.type, typeVersion: node.typeVersion })
    }
  }
  return map
}

/**
 * Picks the Metrics and Threshold outputs of a run (the first of each) for `RunRecord.summary`, so the
 * run list can show results without fetching artifacts.
 */
export function summariseOutputs(
  outputs: Record<string, unknown>,
  graph: unknown,
  catalog: NodeCatalog,
): { metrics?: unknown; threshold?: unknown } {
  const types = nodeTypes(graph)
  const summary: { metrics?: unknown; threshold?: unknown } = {}
  for (const [key, value] of Object.entries(outputs)) {
    const dot = key.lastIndexOf('.')
    const node = types.get(key.slice(0, dot))
    const socket = node ? catalog.get(node.type, node.typeVersion)?.outputs[key.slice(dot + 1)]?.type : undefined
    if (socket === 'Metrics' && summary.metrics === undefined) summary.metrics = jsonSafe(value, FULL_LIMITS)
    if (socket === 'Threshold' && summary.threshold === undefined) summary.threshold = jsonSafe(value, FULL_LIMITS)
  }
  return summary
}
