import { formatProblems, type GraphProblem } from '@inspectflow/graph-schema'
import { NodeExecutionError } from '@inspectflow/nodes'

import { createOutputCache } from '../cache/output-cache'
import { computeKeys } from './compute-keys'
import { isCancellation } from './node-failure'
import { type PreparedRun, prepareRun } from './prepare-run'
import { createPathResolver } from './resolve-path'
import { createRunEventEmitter, type RunEventEmitter } from './run-event-emitter'
import type { RunOptions, RunResult } from './run-options'
import { runPlan } from './run-plan'
import type { RunState } from './run-state'

/**
 * Executes a graph: validates and plans it (unless the caller passes the plan it already made), keys
 * every planned node, then loads from the cache or runs what the targets need. Emits the typed events
 * of ARCHITECTURE.md, ending with exactly
 * one of run:finished, run:failed or run:cancelled. Never throws for a node's failure or a cancel:
 * the result says how the run ended.
 */
export async function executeGraph(options: RunOptions): Promise<RunResult> {
  const events = createRunEventEmitter(options.runId, options.onEvent)
  const startedAt = Date.now()
  let prepared: PreparedRun | { problems: GraphProblem[] }
  try {
    prepared = prepareRun(options)
  } catch (error) {
    return failRun(events, [], error)
  }
  if ('problems' in prepared) return failInvalid(events, prepared.problems)
  events.emit({ type: 'run:started', nodeIds: [...prepared.nodes.keys()] })
  const state = createRunState(options, prepared, events)
  try {
    await computeKeys(state)
    await runPlan(state)
  } catch (error) {
    return endEarly(state, error)
  }
  const outputs = collectOutputs(state)
  events.emit({ type: 'run:finished', ms: Date.now() - startedAt, outputs: Object.keys(outputs) })
  return { status: 'finished', outputs, executed: state.executed, cached: state.cached, graph: state.graph }
}

function createRunState(options: RunOptions, prepared: PreparedRun, events: RunEventEmitter): RunState {
  return {
    options,
    events,
    graph: prepared.plan.graph,
    plan: prepared.plan,
    nodes: prepared.nodes,
    signal: options.signal ?? new AbortController().signal,
    seed: options.seed ?? 0,
    cache: options.cache ?? createOutputCache({ dir: options.cacheDir }),
    resolvePath: createPathResolver(options.baseDir, options.dataRoots),
    keys: new Map(),
    values: new Map(),
    executed: [],
    cached: [],
  }
}

function collectOutputs(state: RunState): Record<string, unknown> {
  const outputs: Record<string, unknown> = {}
  for (const name of state.plan.outputs) {
    const dot = name.lastIndexOf('.')
    outputs[name] = state.values.get(name.slice(0, dot))?.[name.slice(dot + 1)]
  }
  return outputs
}

function failInvalid(events: RunEventEmitter, problems: GraphProblem[]): RunResult {
  const message = `graph is invalid:\n${formatProblems(problems)}`
  events.emit({ type: 'run:failed', message, executed: [], problems })
  return { status: 'failed', outputs: {}, executed: [], cached: [], error: { message, problems } }
}

/** Ends a started run on a cancel or an error; what finished before stays cached. */
function endEarly(state: RunState, error: unknown): RunResult {
  const base = { outputs: {}, executed: state.executed, cached: state.cached, graph: state.graph }
  if (isCancellation(error, state.signal)) {
    state.events.emit({ type: 'run:cancelled', nodeId: state.current, executed: state.executed })
    return { ...base, status: 'cancelled' }
  }
  return { ...failRun(state.events, state.executed, error), ...base, status: 'failed' }
}

function failRun(events: RunEventEmitter, executed: string[], error: unknown): RunResult {
  const message = error instanceof Error ? error.message : String(error)
  const nodeId = error instanceof NodeExecutionError ? error.nodeId : undefined
  const nodeType = error instanceof NodeExecutionError ? error.nodeType : undefined
  events.emit({ type: 'run:failed', nodeId, nodeType, message, executed })
  return { status: 'failed', outputs: {}, executed, cached: [], error: { message, nodeId, nodeType } }
}
