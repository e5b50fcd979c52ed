import { type NodeCatalogEntry, socketsCompatible, type SocketType } from '@inspectflow/graph-schema'

/** The end of a wire dropped on the empty canvas: the new node must connect to it. */
export interface DanglingEnd {
  nodeId: string
  /** The side of the existing socket: from an output the new node needs a matching input. */
  side: 'input' | 'output'
  key: string
  /** Its socket type. */
  type: string
}

/** A node type the quick-add list offers, with the port of the new node the wire will join. */
export interface QuickAddMatch {
  entry: NodeCatalogEntry
  port?: string
}

function compatible(from: string, to: string): boolean {
  return socketsCompatible(from as SocketType, to as SocketType)
}

/** The first port of `entry` the dangling end can join, or undefined. */
function joiningPort(entry: NodeCatalogEntry, end: DanglingEnd): string | undefined {
  if (end.side === 'output') return Object.entries(entry.inputs).find(([, spec]) => compatible(end.type, spec.type))?.[0]
  return Object.entries(entry.outputs).find(([, spec]) => compatible(spec.type, end.type))?.[0]
}

/**
 * The node types that match the typed words (title, type, category or description), and when a
 * wire was dropped, only those that can take it; best matches (title starts with the query) first.
 */
export function quickAddMatches(catalog: NodeCatalogEntry[], query: string, end?: DanglingEnd): QuickAddMatch[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean)
  const matches: (QuickAddMatch & { rank: number })[] = []
  for (const entry of catalog) {
    const text = `${entry.title} ${entry.type} ${entry.category} ${entry.description}`.toLowerCase()
    if (!words.every((w) => text.includes(w))) continue
    const port = end ? joiningPort(entry, end) : undefined
    if (end && !port) continue
    const title = entry.title.toLowerCase()
    const rank = words.length && (title.startsWith(words[0]!) || entry.type.startsWith(words[0]!)) ? 0 : 1
    matches.push({ entry, ...(port ? { port } : {}), rank })
  }
  return matches.sort((a, b) => a.rank - b.rank || a.entry.title.localeCompare(b.entry.title)).map(({ rank: _rank, ...m }) => m)
}
