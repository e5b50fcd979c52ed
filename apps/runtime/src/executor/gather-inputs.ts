import type { RunState } from './run-state'
import { definitionOf } from './run-state'

/** Fetches the output record of an upstream node (from this run, the cache, or by running it). */
export type ObtainOutputs = (nodeId: string) => Promise<Record<string, unknown>>

/**
 * The inputs object of a node: one value per single-input port (undefined when an optional port is
 * unconnected) and a list in edge order per multiple-input port.
 */
export async function gatherInputs(state: RunState, nodeId: string, obtain: ObtainOutputs): Promise<Record<string, unknown>> {
  const definition = definitionOf(state, nodeId)
  const edges = state.plan.incoming.get(nodeId) ?? []
  const inputs: Record<string, unknown> = {}
  for (const [port, spec] of Object.entries(definition.inputs)) {
    const values: unknown[] = []
    for (const edge of edges.filter((e) => e.to.port === port)) {
      const upstream = await obtain(edge.from.node)
      values.push(upstream[edge.from.port])
    }
    inputs[port] = spec.multiple ? values : values[0]
  }
  return inputs
}
