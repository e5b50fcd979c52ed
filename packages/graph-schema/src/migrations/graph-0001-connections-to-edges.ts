import { describeValue } from '../problem-text'
import type { GraphDocument, GraphMigration, MigrationResult } from './migration'

/**
 * schemaVersion 0 (pre-release editor builds) -> 1:
 * - `connections: [{ source, sourcePort, target, targetPort }]` become
 *   `edges: [{ from: { node, port }, to: { node, port } }]`;
 * - nodes had no `typeVersion`: every node type then was at version 1;
 * - a node's `position: [x, y]` moves into its `ui` block as `{ x, y }`.
 */
export const connectionsToEdges: GraphMigration = {
  id: 'graph/1',
  name: 'ConnectionsToEdges',
  version: 1,
  up(doc) {
    const nodes = doc.nodes ?? []
    if (!Array.isArray(nodes)) return fail('an array at /nodes', nodes)
    const connections = doc.connections ?? []
    if (!Array.isArray(connections)) return fail('an array at /connections', connections)
    const edges: unknown[] = []
    for (const [i, connection] of connections.entries()) {
      if (!isRecord(connection)) return fail(`an object at /connections/${i}`, connection)
      edges.push(toEdge(connection))
    }
    const migratedNodes: unknown[] = []
    for (const [i, node] of nodes.entries()) {
      const migrated = migrateNode(node, i)
      if (!migrated.ok) return migrated
      migratedNodes.push(migrated.value)
    }
    const migrated: GraphDocument = { ...doc, nodes: migratedNodes, edges }
    delete migrated.connections
    return { ok: true, value: migrated }
  },
}

function toEdge(connection: GraphDocument): unknown {
  return {
    from: { node: connection.source, port: connection.sourcePort },
    to: { node: connection.target, port: connection.targetPort },
  }
}

function migrateNode(node: unknown, at: number): MigrationResult<unknown> {
  // Anything that is not an object is left for the schema check to report with its path.
  if (!isRecord(node)) return { ok: true, value: node }
  const { position, ...rest } = node
  const migrated: GraphDocument = { ...rest, typeVersion: rest.typeVersion ?? 1 }
  if (position === undefined) return { ok: true, value: migrated }
  if (!isPoint(position)) return fail(`position [x, y] at /nodes/${at}/position`, position)
  const ui = isRecord(rest.ui) ? rest.ui : {}
  return { ok: true, value: { ...migrated, ui: { ...ui, x: position[0], y: position[1] } } }
}

function fail(expected: string, found: unknown): { ok: false; reason: string } {
  return { ok: false, reason: `expected ${expected}, found ${describeValue(found)}` }
}

function isRecord(value: unknown): value is GraphDocument {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isPoint(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')
}
