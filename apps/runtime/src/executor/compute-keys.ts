import { cacheKey, type InputKeyRef, inputKeyRef } from '../cache/cache-key'
import { buildRunNodeContext } from './node-context'
import { nodeFailure } from './node-failure'
import type { RunState } from './run-state'
import { definitionOf } from './run-state'

/**
 * Computes the cache key of every planned node in topological order: type, version, resolved params,
 * the keys of its inputs and its fingerprint of the files it reads. Keys exist for all planned nodes,
 * cached or not, because a downstream key is built from upstream keys.
 */
export async function computeKeys(state: RunState): Promise<void> {
  for (const nodeId of state.plan.order) {
    const definition = definitionOf(state, nodeId)
    const params = state.params.get(nodeId) ?? {}
    const fingerprint = definition.fingerprint ? await fingerprintOf(state, nodeId, params) : undefined
    const key = cacheKey({
      type: definition.type,
      typeVersion: definition.typeVersion,
      params,
      inputs: inputKeys(state, nodeId),
      fingerprint,
      rngSeed: `${state.seed}/${nodeId}`,
    })
    state.keys.set(nodeId, key)
  }
}

function inputKeys(state: RunState, nodeId: string): Record<string, InputKeyRef | InputKeyRef[]> {
  const definition = definitionOf(state, nodeId)
  const edges = state.plan.incoming.get(nodeId) ?? []
  const refs: Record<string, InputKeyRef | InputKeyRef[]> = {}
  for (const [port, spec] of Object.entries(definition.inputs)) {
    const keys = edges
      .filter((edge) => edge.to.port === port)
      .map((edge) => inputKeyRef(state.keys.get(edge.from.node) ?? '?', edge.from.port))
    refs[port] = spec.multiple ? keys : (keys[0] ?? null)
  }
  return refs
}

async function fingerprintOf(state: RunState, nodeId: string, params: Record<string, unknown>): Promise<string> {
  const definition = definitionOf(state, nodeId)
  const { ctx } = buildRunNodeContext(state, nodeId, () => {
    throw new Error(`node "${nodeId}": scratchDir is not available while fingerprinting`)
  })
  try {
    return await (definition.fingerprint as NonNullable<typeof definition.fingerprint>)(ctx, params)
  } catch (error) {
    throw nodeFailure(state, nodeId, definition.type, error)
  }
}
