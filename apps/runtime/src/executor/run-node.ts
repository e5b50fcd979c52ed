import { mkdir, rmdir } from 'node:fs/promises'
import { dirname } from 'node:path'

import { describeNodeDevice, NodeExecutionError, throwIfCancelled, trackEngineUse } from '@inspectflow/nodes'

import { buildRunNodeContext } from './node-context'
import { nodeFailure } from './node-failure'
import type { RunPlanNode } from './prepare-run'
import type { RunState } from './run-state'
import { describeOutputs } from './summarize-value'

/**
 * Runs one node with its inputs: node:started, the node's own progress and logs, then node:finished,
 * or node:failed and a NodeExecutionError naming the node and the cause.
 */
export async function runNode(state: RunState, node: RunPlanNode, inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { id: nodeId, definition } = node
  const key = state.keys.get(nodeId) as string
  const scratchDir = state.cache.scratchDir(key)
  throwIfCancelled(state.signal)
  state.current = nodeId
  state.events.emit({ type: 'node:started', nodeId, nodeType: definition.type })
  const startedAt = Date.now()
  const engineUse = trackEngineUse(state.options.engines)
  const { ctx, progress } = buildRunNodeContext(state, nodeId, () => scratchDir, engineUse.engines)
  let outputs: Record<string, unknown>
  try {
    await mkdir(scratchDir, { recursive: true })
    outputs = await definition.run(ctx, inputs, node.params)
    checkOutputs(nodeId, definition.type, Object.keys(definition.outputs), outputs)
  } catch (error) {
    progress.flush()
    throw nodeFailure(state, nodeId, definition.type, error)
  }
  progress.flush()
  // a node that is never stored needs no entry directory once it has finished, unless it left
  // scratch files there for a later run (rmdir only removes empty directories)
  if (definition.cacheable === false) {
    await rmdir(scratchDir).catch(() => undefined)
    await rmdir(dirname(scratchDir)).catch(() => undefined)
  }
  state.executed.push(nodeId)
  state.current = undefined
  const ms = Date.now() - startedAt
  const ran = engineUse.used()
  ;(state.nodeDevices ??= new Map()).set(nodeId, describeNodeDevice(ran))
  state.events.emit({ type: 'node:finished', nodeId, nodeType: definition.type, ms, summary: describeOutputs(outputs), ...ran })
  return outputs
}

/** A node must return an object holding every output port it declares. */
function checkOutputs(nodeId: string, nodeType: string, ports: string[], outputs: unknown): asserts outputs is Record<string, unknown> {
  const record = typeof outputs === 'object' && outputs !== null ? (outputs as Record<string, unknown>) : undefined
  const missing = ports.filter((port) => record?.[port] === undefined)
  if (missing.length === 0) return
  const found = record ? `outputs {${Object.keys(record).join(', ')}}` : String(outputs)
  throw new NodeExecutionError(nodeId, nodeType, new Error(`expected outputs {${ports.join(', ')}}, found ${found}`))
}
