import type { GraphFile, GraphNode, PortRef } from './graph-file'
import { loadGraph } from './load-graph'
import type { NodeCatalog, NodeCatalogEntry } from './node-catalog'
import type { GraphProblem } from './problems'
import { kahnOrder } from './topological-order'

/** One requested output: a node and, optionally, one of its ports (all ports when absent). */
export interface RunTarget {
  nodeId: string
  port?: string
}

/** One node of a plan: everything a runner needs to know about it, looked up once. */
export interface PlannedNode {
  id: string
  node: GraphNode
  /** The node type's catalog entry (ports, params schema). */
  entry: NodeCatalogEntry
  /** Params with `${params.x}` substituted, overrides applied and schema defaults filled in (once). */
  params: Record<string, unknown>
  /** The upstream outputs feeding each input port, in graph-file edge order; `[]` when unconnected. */
  inputs: Record<string, PortRef[]>
}

/** A checked graph and the nodes its targets need, each after the nodes feeding it. */
export interface ExecutionPlan {
  graph: GraphFile
  targets: RunTarget[]
  /** Ancestors of the targets and the targets themselves, topologically ordered (ties in file order). */
  nodes: PlannedNode[]
  /** The `nodeId.port` names the run produces for its targets. */
  outputs: string[]
}

/** What validateAndPlan gives: a plan, or every problem (and the graph when it passed the JSON Schema). */
export type PlanResult =
  | { ok: true; plan: ExecutionPlan; problems: [] }
  | { ok: false; problems: GraphProblem[]; graph?: GraphFile }

/** Options of validateAndPlan. */
export interface PlanOptions {
  /** Graph param overrides (`--set name=value`, the run API's `params`); strings are coerced. */
  overrides?: Record<string, unknown>
  /** `nodeId` or `nodeId.port` entries; default: the graph's `outputs`, else every sink node. */
  targets?: string[]
}

/**
 * The one way a graph becomes runnable, used by the CLI, the server's validate and run routes and the
 * executor: parse, migrate, validate against the JSON Schema, run every graph check (params against
 * their node schemas, filling defaults), then plan the targets. Pure: reads no file, runs no node.
 */
export function validateAndPlan(input: string | unknown, catalog: NodeCatalog, options: PlanOptions = {}): PlanResult {
  const loaded = loadGraph(input, catalog, { overrides: options.overrides })
  if (!loaded.ok) return loaded
  const { graph } = loaded
  if (graph.nodes.length === 0) {
    const problem = { code: 'empty_graph' as const, path: '/nodes', expected: 'at least one node', found: 'none', message: 'the graph has no nodes: there is nothing to run' }
    return { ok: false, problems: [problem], graph }
  }
  const entries = new Map(graph.nodes.map((node) => [node.id, catalog.get(node.type, node.typeVersion) as NodeCatalogEntry]))
  const problems: GraphProblem[] = []
  const names = options.targets && options.targets.length > 0 ? options.targets : defaultTargets(graph)
  const targets = names.flatMap((name) => parseTarget(name, entries, problems))
  if (problems.length > 0) return { ok: false, problems, graph }
  const needed = ancestorsOf(graph, targets)
  const order = kahnOrder(
    graph.nodes.filter((node) => needed.has(node.id)).map((node) => node.id),
    graph.edges.map((edge) => ({ from: edge.from.node, to: edge.to.node })),
  ).order
  const byId = new Map(graph.nodes.map((node) => [node.id, node]))
  const nodes = order.map((id) => plannedNode(graph, byId.get(id) as GraphNode, entries.get(id) as NodeCatalogEntry, loaded.resolvedParams[id] ?? {}))
  const outputs = targets.flatMap((t) => (t.port ? [`${t.nodeId}.${t.port}`] : Object.keys(entries.get(t.nodeId)?.outputs ?? {}).map((p) => `${t.nodeId}.${p}`)))
  return { ok: true, plan: { graph, targets, nodes, outputs: [...new Set(outputs)] }, problems: [] }
}

function plannedNode(graph: GraphFile, node: GraphNode, entry: NodeCatalogEntry, params: Record<string, unknown>): PlannedNode {
  const inputs: Record<string, PortRef[]> = {}
  for (const port of Object.keys(entry.inputs)) inputs[port] = []
  for (const edge of graph.edges) if (edge.to.node === node.id) inputs[edge.to.port]?.push(edge.from)
  return { id: node.id, node, entry, params, inputs }
}

function defaultTargets(graph: GraphFile): string[] {
  if (graph.outputs && graph.outputs.length > 0) return graph.outputs
  const hasConsumer = new Set(graph.edges.map((edge) => edge.from.node))
  return graph.nodes.filter((node) => !hasConsumer.has(node.id)).map((node) => node.id)
}

function parseTarget(name: string, entries: Map<string, NodeCatalogEntry>, problems: GraphProblem[]): RunTarget[] {
  if (entries.has(name)) return [{ nodeId: name }]
  const dot = name.lastIndexOf('.')
  const nodeId = dot > 0 ? name.slice(0, dot) : name
  const entry = entries.get(nodeId)
  if (!entry) {
    problems.push({
      code: 'unknown_output',
      path: '/outputs',
      expected: `"nodeId" or "nodeId.port" of a node in the graph (${[...entries.keys()].join(', ')})`,
      found: `"${name}"`,
      message: `Requested output "${name}" names no node of this graph.`,
    })
    return []
  }
  const port = name.slice(dot + 1)
  if (port in entry.outputs) return [{ nodeId, port }]
  const ports = Object.keys(entry.outputs)
  problems.push({
    code: 'unknown_output',
    nodeId,
    path: '/outputs',
    expected: `an output port of node "${nodeId}" (${ports.join(', ') || 'it has none'})`,
    found: `"${port}"`,
    message: `Requested output "${name}" is not a port of that node.`,
  })
  return []
}

function ancestorsOf(graph: GraphFile, targets: RunTarget[]): Set<string> {
  const feeders = new Map<string, string[]>()
  for (const edge of graph.edges) feeders.set(edge.to.node, [...(feeders.get(edge.to.node) ?? []), edge.from.node])
  const seen = new Set<string>()
  const stack = targets.map((t) => t.nodeId)
  while (stack.length > 0) {
    const id = stack.pop() as string
    if (seen.has(id)) continue
    seen.add(id)
    stack.push(...(feeders.get(id) ?? []))
  }
  return seen
}
