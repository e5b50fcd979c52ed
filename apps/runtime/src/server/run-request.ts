import { badRequest } from './errors'
import { checkGraphShape } from './graph-validation'
import type { GraphStore } from './graph-store'
import type { StartRunInput } from './run-service'
import type { ServerLimits } from './server-options'

/** The body of `POST /api/runs` and of the socket `start` message. */
export interface StartBody {
  graphName?: unknown
  graph?: unknown
  params?: unknown
  targets?: unknown
}

function paramsOf(value: unknown): Record<string, unknown> {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('"params" must be an object of graph param overrides, e.g. { "k": 5 }')
  }
  return value as Record<string, unknown>
}

function targetsOf(value: unknown): string[] | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value) || !value.every((t) => typeof t === 'string')) {
    throw badRequest('"targets" must be a list of "nodeId" or "nodeId.port" strings')
  }
  return value as string[]
}

function inlineName(graph: unknown): string {
  const name = (graph as { name?: unknown }).name
  return typeof name === 'string' && name.trim() !== '' ? name : 'inline graph'
}

/** Turns a start body into a start request, looking the graph up by name when given one. */
export async function startInput(body: StartBody, deps: { graphs: GraphStore; limits: ServerLimits }): Promise<StartRunInput> {
  const params = paramsOf(body.params)
  const targets = targetsOf(body.targets)
  if ((body.graphName === undefined) === (body.graph === undefined)) {
    throw badRequest('send exactly one of "graphName" (a saved graph or template) or "graph" (an inline graph file)')
  }
  if (body.graph !== undefined) {
    checkGraphShape(body.graph, deps.limits)
    return { graph: body.graph, graphName: inlineName(body.graph), inline: true, params, targets }
  }
  if (typeof body.graphName !== 'string') throw badRequest('"graphName" must be a string')
  const stored = await deps.graphs.get(body.graphName)
  checkGraphShape(stored.graph, deps.limits)
  return { graph: stored.graph, graphName: body.graphName, inline: false, params, targets }
}
