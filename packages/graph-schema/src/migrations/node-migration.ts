import type { GraphEdge, GraphFile, GraphNode } from '../graph-file'
import { makeProblem } from '../problem-text'
import type { GraphProblem } from '../problems'

/**
 * One pure step that upgrades a node of an old type version: to a newer version of the same type
 * (`score.ldknn@1` -> `@2`), or to other nodes that replace it (`features.extractor@1` -> `layer.tap`
 * nodes + `features.embed`). Node migrations belong to the node types (the nodes package ships them
 * with its catalog); graph migrations change the file format. Both run when a graph is loaded, so an
 * old file opens, validates and runs without being edited by hand.
 */
export interface NodeMigration {
  /** The node type and version this step reads. */
  type: string
  fromVersion: number
  /** What the node becomes, in words, for messages and the migration list. */
  becomes: string
  /** Rewrites the graph around node `nodeId`; receives a copy it may change and returns the graph. */
  up(graph: GraphFile, nodeId: string): GraphFile
}

/** A node that takes the place of a migrated one, and how its ports map from the old node's. */
export interface Replacement {
  nodes: GraphNode[]
  /** Edges among the new nodes. */
  edges?: GraphEdge[]
  /** Old input port -> the new node and port that now receive its edges. */
  inputs?: Record<string, { node: string; port: string }[]>
  /** Old output port -> the new node and port that now produce it (edges and `outputs` follow). */
  outputs?: Record<string, { node: string; port: string }>
}

/**
 * Replaces node `nodeId` by the given nodes, rewiring every edge and graph output that touched it.
 * The first new node takes the old node's place in the node list, so palette and file order stay
 * readable; the others follow it.
 */
export function replaceNode(graph: GraphFile, nodeId: string, replacement: Replacement): GraphFile {
  const at = graph.nodes.findIndex((node) => node.id === nodeId)
  const nodes = [...graph.nodes.slice(0, at), ...replacement.nodes, ...graph.nodes.slice(at + 1)]
  const edges: GraphEdge[] = []
  for (const edge of graph.edges) {
    if (edge.to.node === nodeId) {
      for (const to of replacement.inputs?.[edge.to.port] ?? []) edges.push({ from: edge.from, to })
    } else if (edge.from.node === nodeId) {
      const from = replacement.outputs?.[edge.from.port]
      if (from) edges.push({ from, to: edge.to })
    } else {
      edges.push(edge)
    }
  }
  edges.push(...(replacement.edges ?? []))
  const outputs = graph.outputs?.flatMap((name) => renamedOutput(name, nodeId, replacement))
  return { ...graph, nodes, edges, ...(outputs ? { outputs } : {}) }
}

function renamedOutput(name: string, nodeId: string, replacement: Replacement): string[] {
  if (name === nodeId) return Object.values(replacement.outputs ?? {}).map((to) => `${to.node}.${to.port}`)
  if (!name.startsWith(`${nodeId}.`)) return [name]
  const to = replacement.outputs?.[name.slice(nodeId.length + 1)]
  return to ? [`${to.node}.${to.port}`] : []
}

/** An id not used in the graph yet: `base`, else `base-2`, `base-3`, ... */
export function freshNodeId(graph: GraphFile, base: string): string {
  const used = new Set(graph.nodes.map((node) => node.id))
  if (!used.has(base)) return base
  let n = 2
  while (used.has(`${base}-${n}`)) n += 1
  return `${base}-${n}`
}

/** What applying the node migrations did: the graph, and a problem for a step that failed. */
export interface NodeMigrationResult {
  graph: GraphFile
  problems: GraphProblem[]
  /** `nodeId: type@from -> becomes`, one line per step applied. */
  applied: string[]
}

/**
 * Applies every node migration whose type and version match a node, repeatedly, until no node
 * matches (so `@1 -> @2 -> @3` chains). The input is not modified. A step that throws is reported as
 * a migration problem on that node and the node is left as it was.
 */
export function migrateNodes(graph: GraphFile, migrations: readonly NodeMigration[]): NodeMigrationResult {
  if (migrations.length === 0) return { graph, problems: [], applied: [] }
  let current = structuredClone(graph)
  const problems: GraphProblem[] = []
  const applied: string[] = []
  const failed = new Set<string>()
  for (let step = 0; step < 1000; step++) {
    const match = findMatch(current, migrations, failed)
    if (!match) return { graph: current, problems, applied }
    const { node, migration } = match
    try {
      current = migration.up(structuredClone(current), node.id)
      applied.push(`${node.id}: ${node.type}@${node.typeVersion} -> ${migration.becomes}`)
    } catch (error) {
      failed.add(node.id)
      problems.push(failedProblem(current, node, migration, error))
    }
  }
  throw new Error('node migrations did not converge after 1000 steps: a migration produces its own input')
}

function findMatch(graph: GraphFile, migrations: readonly NodeMigration[], failed: Set<string>): { node: GraphNode; migration: NodeMigration } | undefined {
  for (const node of graph.nodes) {
    if (failed.has(node.id)) continue
    const migration = migrations.find((m) => m.type === node.type && m.fromVersion === node.typeVersion)
    if (migration) return { node, migration }
  }
  return undefined
}

function failedProblem(graph: GraphFile, node: GraphNode, migration: NodeMigration, error: unknown): GraphProblem {
  const reason = error instanceof Error ? error.message : String(error)
  return makeProblem({
    code: 'migration_failed',
    nodeId: node.id,
    path: `/nodes/${graph.nodes.indexOf(node)}`,
    expected: `a ${node.type}@${node.typeVersion} node the migration to ${migration.becomes} can read`,
    found: reason,
    message: `node "${node.id}" could not be upgraded from ${node.type}@${node.typeVersion} to ${migration.becomes}: ${reason}`,
  })
}
