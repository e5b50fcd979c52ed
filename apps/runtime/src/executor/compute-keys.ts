import { cacheKey, type InputKeyRef, inputKeyRef } from '../cache/cache-key'
import { buildRunNodeContext } from './node-context'
import { nodeFailure } from './node-failure'
import type { RunPlanNode } from './prepare-run'
import type { RunState } from './run-state'

/**
 * Computes the cache key of every planned node in plan order: type, version, checked params, the keys
 * of its inputs and its fingerprint of the files it reads. Keys exist for all planned nodes, cached or
 * not, because a downstream key is built from upstream keys.
 */
export async function computeKeys(state: RunState): Promise<void> {
  for (const node of state.nodes.values()) {
    const { definition } = node
    const fingerprint = definition.fingerprint ? await fingerprintOf(state, node) : undefined
    const key = cacheKey({
      type: definition.type,
      typeVersion: definition.typeVersion,
      params: node.params,
      inputs: inputKeys(state, node),
      fingerprint,
      rngSeed: `${state.seed}/${node.id}`,
    })
    state.keys.set(node.id, key)
  }
}

function inputKeys(state: RunState, node: RunPlanNode): Record<string, InputKeyRef | InputKeyRef[]> {
  const refs: Record<string, InputKeyRef | InputKeyRef[]> = {}
  for (const [port, spec] of Object.entries(node.definition.inputs)) {
    const keys = (node.inputs[port] ?? []).map((from) => inputKeyRef(state.keys.get(from.node) ?? '?', from.port))
    refs[port] = spec.multiple ? keys : (keys[0] ?? null)
  }
  return refs
}

async function fingerprintOf(state: RunState, node: RunPlanNode): Promise<string> {
  const fingerprint = node.definition.fingerprint as NonNullable<RunPlanNode['definition']['fingerprint']>
  const { ctx } = buildRunNodeContext(state, node.id, () => {
    throw new Error(`node "${node.id}": scratchDir is not available while fingerprinting`)
  })
  try {
    return await fingerprint(ctx, node.params)
  } catch (error) {
    throw nodeFailure(state, node.id, node.definition.type, error)
  }
}
