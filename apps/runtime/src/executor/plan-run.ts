import type { GraphEdge, GraphFile, GraphNode, GraphProblem } from '@inspectflow/graph-schema'

/** One requested output: a node and, optionally, one of its ports (all ports when absent). */
export interface RunTarget {
  nodeId: string
  port?: string
}

/** The nodes a run needs, in an order where every node comes after its inputs. */
export interface RunPlan {
  targets: RunTarget[]
  /** Ancestors of the targets and the targets themselves, topologically ordered. */
  order: string[]
  nodes: Map<string, GraphNode>
  /** Edges into each node, in graph-file order (multiple-input ports receive values in this order). */
  incoming: Map<string, GraphEdge[]>
}

/**
 * Plans a run over a validated graph: parses the targets (`nodeId` or `nodeId.port`; default the
 * graph's `outputs`, else every sink node), keeps only their ancestors and orders them Kahn-style,
 * breaking ties by position in the file so that runs are reproducible.
 */
export function planRun(graph: GraphFile, requested: string[] | undefined, outputsOf: (nodeId: string) => string[]): RunPlan | GraphProblem[] {
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]))
  const incoming = new Map<string, GraphEdge[]>(graph.nodes.map((node) => [node.id, []]))
  for (const edge of graph.edges) incoming.get(edge.to.node)?.push(edge)
  const names = requested && requested.length > 0 ? requested : defaultTargets(graph)
  const problems: GraphProblem[] = []
  const targets = names.flatMap((name) => parseTarget(name, nodes, problems))
  for (const target of targets) checkPort(target, outputsOf(target.nodeId), problems)
  if (problems.length > 0) return problems
  const needed = ancestorsOf(targets.map((t) => t.nodeId), incoming)
  return { targets, order: topologicalOrder(graph, needed), nodes, incoming }
}

function defaultTargets(graph: GraphFile): string[] {
  if (graph.outputs && graph.outputs.length > 0) return graph.outputs
  const hasConsumer = new Set(graph.edges.map((edge) => edge.from.node))
  return graph.nodes.filter((node) => !hasConsumer.has(node.id)).map((node) => node.id)
}

function parseTarget(name: string, nodes: Map<string, GraphNode>, problems: GraphProblem[]): RunTarget[] {
  if (nodes.has(name)) return [{ nodeId: name }]
  const dot = name.lastIndexOf('.')
  const nodeId = dot > 0 ? name.slice(0, dot) : name
  if (dot > 0 && nodes.has(nodeId)) return [{ nodeId, port: name.slice(dot + 1) }]
  problems.push({
    code: 'unknown_output',
    path: '/outputs',
    expected: `"nodeId" or "nodeId.port" of a node in the graph (${[...nodes.keys()].join(', ')})`,
    found: `"${name}"`,
    message: `Requested output "${name}" names no node of this graph.`,
  })
  return []
}

function checkPort(target: RunTarget, ports: string[], problems: GraphProblem[]): void {
  if (target.port === undefined || ports.includes(target.port)) return
  problems.push({
    code: 'unknown_output',
    nodeId: target.nodeId,
    path: '/outputs',
    expected: `an output port of node "${target.nodeId}" (${ports.join(', ') || 'it has none'})`,
    found: `"${target.port}"`,
    message: `Requested output "${target.nodeId}.${target.port}" is not a port of that node.`,
  })
}

function ancestorsOf(start: string[], incoming: Map<string, GraphEdge[]>): Set<string> {
  const seen = new Set<string>()
  const stack = [...start]
  while (stack.length > 0) {
    const id = stack.pop() as string
    if (seen.has(id)) continue
    seen.add(id)
    for (const edge of incoming.get(id) ?? []) stack.push(edge.from.node)
  }
  return seen
}

/** Kahn's algorithm over the needed nodes; the graph checks guarantee there is no cycle. */
function topologicalOrder(graph: GraphFile, needed: Set<string>): string[] {
  const remaining = new Map<string, number>()
  for (const node of graph.nodes) if (needed.has(node.id)) remaining.set(node.id, 0)
  const edges = graph.edges.filter((edge) => needed.has(edge.from.node) && needed.has(edge.to.node))
  for (const edge of edges) remaining.set(edge.to.node, (remaining.get(edge.to.node) ?? 0) + 1)
  const order: string[] = []
  while (remaining.size > 0) {
    const ready = [...remaining].find(([, count]) => count === 0)
    if (!ready) throw new Error(`graph has a cycle through ${[...remaining.keys()].join(', ')}`)
    const [id] = ready
    remaining.delete(id)
    order.push(id)
    for (const edge of edges) {
      if (edge.from.node === id) remaining.set(edge.to.node, (remaining.get(edge.to.node) ?? 1) - 1)
    }
  }
  return order
}

/** The `nodeId.port` names a run produces for its targets, given each node's declared outputs. */
export function targetOutputNames(targets: RunTarget[], outputsOf: (nodeId: string) => string[]): string[] {
  const names = targets.flatMap((t) => (t.port ? [`${t.nodeId}.${t.port}`] : outputsOf(t.nodeId).map((p) => `${t.nodeId}.${p}`)))
  return [...new Set(names)]
}
