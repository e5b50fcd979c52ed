import type { NodeCatalogEntry, PortSpec, OutputSpec } from '@inspectflow/graph-schema'

import type { EditorModel, ModelNode } from '../graph-adapter'

/**
 * The catalog entry of a file node, or a stand-in built from the file's edges when the runtime does
 * not know the type (a newer node, a plugin not installed): the node still shows and saves unchanged.
 */
export function entryForNode(catalog: NodeCatalogEntry[], node: ModelNode, model: EditorModel): NodeCatalogEntry {
  const exact = catalog.find((e) => e.type === node.type && e.typeVersion === node.typeVersion)
  if (exact) return exact
  const sameType = catalog.find((e) => e.type === node.type)
  if (sameType) return { ...sameType, typeVersion: node.typeVersion, title: `${sameType.title} v${node.typeVersion}` }
  const inputs: Record<string, PortSpec> = {}
  const outputs: Record<string, OutputSpec> = {}
  for (const c of model.connections) {
    if (c.target === node.id) inputs[c.targetInput] = { type: 'Any', optional: true, multiple: true }
    if (c.source === node.id) outputs[c.sourceOutput] = { type: 'Any' }
  }
  return {
    type: node.type,
    typeVersion: node.typeVersion,
    title: `${node.type} (unknown)`,
    category: 'Unknown',
    description: `The runtime has no node type ${node.type} v${node.typeVersion}; it is kept as it is.`,
    inputs,
    outputs,
    params: {},
  }
}

/** Catalog entries grouped by category, each group sorted by title; `query` filters by title, type or description. */
export function groupCatalog(catalog: NodeCatalogEntry[], query: string): [string, NodeCatalogEntry[]][] {
  const q = query.trim().toLowerCase()
  const groups = new Map<string, NodeCatalogEntry[]>()
  for (const entry of catalog) {
    const text = `${entry.title} ${entry.type} ${entry.description} ${entry.category}`.toLowerCase()
    if (q && !text.includes(q)) continue
    groups.set(entry.category, [...(groups.get(entry.category) ?? []), entry])
  }
  return [...groups].map(([category, entries]) => [category, entries.sort((a, b) => a.title.localeCompare(b.title))])
}

/** Default param values from a node's JSON Schema (`properties.*.default`). */
export function defaultParams(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, { default?: unknown }>
  const out: Record<string, unknown> = {}
  for (const [key, prop] of Object.entries(properties)) if (prop.default !== undefined) out[key] = structuredClone(prop.default)
  return out
}
