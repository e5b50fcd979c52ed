import type { PathKind } from './PathPicker'
import { pathKindOf } from './PathWidget'

const PARAM_REF = /^\$\{params\.([A-Za-z_][A-Za-z0-9_]*)\}$/

/** What this needs of a canvas node: its catalog schema and its param values. */
interface NodeParams {
  entry: { params: Record<string, unknown> }
  params: Record<string, unknown>
}

/**
 * Graph params that feed a node's path param (`root: "${params.dataRoot}"`), with the kind of path
 * they hold: a template's data folder is set there, so the graph panel offers the picker for it too.
 */
export function graphParamPathKinds(nodes: readonly NodeParams[]): Record<string, PathKind> {
  const kinds: Record<string, PathKind> = {}
  for (const node of nodes) {
    const properties = (node.entry.params.properties ?? {}) as Record<string, Record<string, unknown>>
    for (const [key, value] of Object.entries(node.params)) {
      const ref = typeof value === 'string' ? PARAM_REF.exec(value) : null
      const kind = ref && properties[key] ? pathKindOf(properties[key]) : undefined
      // A param feeding both a folder and a file stays a folder: browsing it still reaches the file's folder.
      if (ref && kind) kinds[ref[1]!] = kinds[ref[1]!] === 'folder' ? 'folder' : kind
    }
  }
  return kinds
}
