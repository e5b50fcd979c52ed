import { throwIfCancelled } from '@inspectflow/nodes'

import type { RunPlanNode } from './prepare-run'
import { runNode } from './run-node'
import type { RunState } from './run-state'

/**
 * Produces the targets' outputs once every key is known, in two walks of the plan:
 * - last node first, it decides what each needed node costs: a target, or an input of a node that
 *   must run, is loaded from the cache when it is there, else scheduled to run (and then its inputs
 *   are needed). Ancestors of a cache hit are therefore never loaded, and a damaged entry simply
 *   makes its node, and so its inputs, needed.
 * - in plan order, it announces the loaded nodes and runs the scheduled ones, each after its inputs.
 */
export async function runPlan(state: RunState): Promise<void> {
  const scheduled = await loadOrSchedule(state)
  for (const node of state.nodes.values()) {
    if (state.cached.includes(node.id)) {
      state.events.emit({ type: 'node:cached', nodeId: node.id, nodeType: node.definition.type })
    } else if (scheduled.has(node.id)) {
      await runAndStore(state, node)
    }
  }
}

async function loadOrSchedule(state: RunState): Promise<Set<string>> {
  const needed = new Set(state.plan.targets.map((target) => target.nodeId))
  const scheduled = new Set<string>()
  const loaded: string[] = []
  for (const node of [...state.nodes.values()].reverse()) {
    if (!needed.has(node.id)) continue
    throwIfCancelled(state.signal)
    if (node.definition.cacheable !== false && (await lookUp(state, node))) {
      loaded.push(node.id)
      continue
    }
    scheduled.add(node.id)
    for (const sources of Object.values(node.inputs)) for (const source of sources) needed.add(source.node)
  }
  state.cached.push(...loaded.reverse())
  return scheduled
}

async function lookUp(state: RunState, node: RunPlanNode): Promise<boolean> {
  const key = state.keys.get(node.id) as string
  const lookup = await state.cache.get(key)
  if (lookup.hit) {
    state.values.set(node.id, lookup.value as Record<string, unknown>)
    return true
  }
  if (lookup.corruptReason) {
    const message = `cache entry ${key.slice(0, 12)} was damaged (${lookup.corruptReason}); it was deleted and the node runs again`
    state.events.emit({ type: 'node:log', nodeId: node.id, level: 'warn', message })
  }
  return false
}

async function runAndStore(state: RunState, node: RunPlanNode): Promise<void> {
  throwIfCancelled(state.signal)
  const outputs = await runNode(state, node, inputsOf(state, node))
  state.values.set(node.id, outputs)
  if (node.definition.cacheable === false) return
  try {
    await state.cache.put(state.keys.get(node.id) as string, outputs)
  } catch (error) {
    // a value that cannot be stored costs a recomputation later, never the run
    const reason = error instanceof Error ? error.message : String(error)
    state.events.emit({ type: 'node:log', nodeId: node.id, level: 'warn', message: `outputs not cached: ${reason}` })
  }
}

/**
 * The inputs object of a node, from outputs this run already holds: one value per single-input port
 * (undefined when an optional port is unconnected) and a list in edge order per multiple-input port.
 */
function inputsOf(state: RunState, node: RunPlanNode): Record<string, unknown> {
  const inputs: Record<string, unknown> = {}
  for (const [port, spec] of Object.entries(node.definition.inputs)) {
    const values = (node.inputs[port] ?? []).map((source) => state.values.get(source.node)?.[source.port])
    inputs[port] = spec.multiple ? values : values[0]
  }
  return inputs
}
