import { join } from 'node:path'

import type { GraphFile, RunEvent } from '@inspectflow/graph-schema'
import type { Engines, MetricsValue, NodeRegistry } from '@inspectflow/nodes'

import { createOutputCache } from '../cache/output-cache'
import { executeGraph } from '../executor/execute-graph'
import { bestMarks } from './best-marks'
import { compareRun } from './compare-run'
import { COMPARE_COLUMNS, type CompareReport, type CompareRun } from '@inspectflow/graph-schema'
import type { ResolvedAxis } from './resolve-grid'
import { runPhases } from './run-phases'
import { graphForCombination, sweepTargets } from './sweep-graph'
import { combinationLabel, gridCombinations } from './sweep-grid'

/** Progress of a sweep as a whole, with every event of the run in progress. */
export type SweepEvent =
  | { type: 'sweep:started'; total: number }
  | { type: 'sweep:run-started'; index: number; total: number; label: string }
  | { type: 'sweep:run-event'; index: number; total: number; event: RunEvent }
  | { type: 'sweep:run-ended'; index: number; total: number; run: CompareRun; ms: number }
  | { type: 'sweep:ended'; report: CompareReport; ms: number; cancelled: boolean }

/** Everything a sweep needs; the graph is the loaded (migrated, checked) graph. */
export interface SweepOptions {
  graph: GraphFile
  axes: ResolvedAxis[]
  /** `--set` overrides every run shares. */
  overrides: Record<string, unknown>
  registry: NodeRegistry
  engines: Engines
  cacheDir: string
  /** Each run's artifacts go to `<artifactRoot>/<run id>`. */
  artifactRoot: string
  baseDir: string
  seed?: number
  signal?: AbortSignal
  onEvent: (event: SweepEvent) => void
}

/**
 * Runs every combination of the grid through the executor, one after the other, over one output cache
 * (memory tier included), so a change that only touches scoring re-runs scoring and loads the features
 * and the bank. A failed run becomes a failed row and the sweep goes on; a cancel stops it after the
 * run in progress. Resolves with the comparison of every run that started.
 */
export async function runSweep(options: SweepOptions): Promise<CompareReport> {
  const startedAt = Date.now()
  const combinations = gridCombinations(options.axes)
  const total = combinations.length
  const cache = createOutputCache({ dir: options.cacheDir })
  const phases = runPhases(options.graph, options.registry)
  const targets = sweepTargets(options.graph, options.registry)
  const runs: CompareRun[] = []
  options.onEvent({ type: 'sweep:started', total })
  for (const [index, combination] of combinations.entries()) {
    if (options.signal?.aborted) break
    const label = combinationLabel(combination)
    const id = `run-${String(index + 1).padStart(2, '0')}`
    options.onEvent({ type: 'sweep:run-started', index, total, label })
    const { graph, overrides } = graphForCombination(options.graph, options.axes, combination, options.overrides)
    const nodeMs = new Map<string, number>()
    const runStarted = Date.now()
    const result = await executeGraph({
      runId: id,
      graph,
      registry: options.registry,
      engines: options.engines,
      overrides,
      targets,
      cacheDir: options.cacheDir,
      cache,
      artifactDir: join(options.artifactRoot, id),
      baseDir: options.baseDir,
      seed: options.seed,
      signal: options.signal,
      onEvent: (event) => {
        if (event.type === 'node:finished') nodeMs.set(event.nodeId, event.ms)
        options.onEvent({ type: 'sweep:run-event', index, total, event })
      },
    })
    const run = compareRun({
      id,
      label,
      params: combination,
      status: result.status,
      ...(result.error ? { error: result.error.message } : {}),
      metrics: firstMetrics(result.outputs, targets, graph, options.registry),
      nodeMs,
      phases,
      executed: result.executed,
      cached: result.cached,
    })
    runs.push(run)
    options.onEvent({ type: 'sweep:run-ended', index, total, run, ms: Date.now() - runStarted })
    if (result.status === 'cancelled') break
  }
  const report: CompareReport = {
    format: 'inspectflow-compare',
    version: 1,
    title: options.graph.name,
    createdAt: new Date(startedAt).toISOString(),
    grid: options.axes.map((axis) => ({ name: axis.name, values: axis.values })),
    columns: COMPARE_COLUMNS,
    runs,
    best: bestMarks(runs),
  }
  options.onEvent({ type: 'sweep:ended', report, ms: Date.now() - startedAt, cancelled: runs.length < total })
  return report
}

function firstMetrics(outputs: Record<string, unknown>, targets: string[], graph: GraphFile, registry: NodeRegistry): MetricsValue | undefined {
  for (const name of targets) {
    const dot = name.lastIndexOf('.')
    const node = graph.nodes.find((candidate) => candidate.id === name.slice(0, dot))
    const port = node ? registry.get(node.type, node.typeVersion)?.outputs[name.slice(dot + 1)] : undefined
    if (port?.type === 'Metrics' && outputs[name]) return outputs[name] as MetricsValue
  }
  return undefined
}
