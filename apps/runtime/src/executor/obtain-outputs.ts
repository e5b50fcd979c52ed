import { throwIfCancelled } from '@inspectflow/nodes'

import { gatherInputs } from './gather-inputs'
import type { RunState } from './run-state'
import { definitionOf } from './run-state'
import { runNode } from './run-node'

/**
 * The output record of a node, pulled lazily: from this run if already there, else from the cache
 * (node:cached), else by obtaining its inputs (recursively) and running it. Ancestors of a cache hit
 * are therefore never loaded. A damaged cache entry is reported as a warning and recomputed.
 */
export async function obtainOutputs(state: RunState, nodeId: string): Promise<Record<string, unknown>> {
  const known = state.values.get(nodeId)
  if (known) return known
  throwIfCancelled(state.signal)
  const definition = definitionOf(state, nodeId)
  const key = state.keys.get(nodeId) as string
  const cacheable = definition.cacheable !== false
  if (cacheable) {
    const hit = await lookUp(state, nodeId, key)
    if (hit) return hit
  }
  const inputs = await gatherInputs(state, nodeId, (upstream) => obtainOutputs(state, upstream))
  const outputs = await runNode(state, nodeId, inputs)
  state.values.set(nodeId, outputs)
  if (cacheable) await store(state, nodeId, key, outputs)
  return outputs
}

async function lookUp(state: RunState, nodeId: string, key: string): Promise<Record<string, unknown> | undefined> {
  const lookup = await state.cache.get(key)
  if (lookup.hit) {
    const value = lookup.value as Record<string, unknown>
    state.values.set(nodeId, value)
    state.cached.push(nodeId)
    state.events.emit({ type: 'node:cached', nodeId, nodeType: definitionOf(state, nodeId).type })
    return value
  }
  if (lookup.corruptReason) {
    const message = `cache entry ${key.slice(0, 12)} was damaged (${lookup.corruptReason}); it was deleted and the node runs again`
    state.events.emit({ type: 'node:log', nodeId, level: 'warn', message })
  }
  return undefined
}

/** Stores outputs; a value that cannot be stored costs a recomputation later, never the run. */
async function store(state: RunState, nodeId: string, key: string, outputs: Record<string, unknown>): Promise<void> {
  try {
    await state.cache.put(key, outputs)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    state.events.emit({ type: 'node:log', nodeId, level: 'warn', message: `outputs not cached: ${reason}` })
  }
}
