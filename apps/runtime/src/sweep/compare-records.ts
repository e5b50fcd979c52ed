import { type GraphFile, loadGraph } from '@inspectflow/graph-schema'
import type { MetricsValue, NodeRegistry } from '@inspectflow/nodes'

import { bestMarks } from './best-marks'
import { compareRun } from './compare-run'
import { COMPARE_COLUMNS, type CompareReport, type CompareRun } from '@inspectflow/graph-schema'
import { runPhases } from './run-phases'

/** The parts of a server run record a comparison reads (server/run-record.ts; declared here so sweep/ does not depend on server/). */
export interface StoredRunRecord {
  runId: string
  graphName: string
  status: string
  createdAt: string
  error?: { message: string }
  params: Record<string, unknown>
  nodeStates: Record<string, { state: string; ms?: number }>
  summary?: { metrics?: unknown }
}

/** A stored run with the graph it was started with. */
export interface StoredRun {
  record: StoredRunRecord
  graph: unknown
}

/**
 * The comparison of runs from the server's history: the same rows, best marks and ROC curves as a
 * sweep's compare.json, from each run's record (metrics summary, node states and times) and its graph.
 */
export function compareStoredRuns(runs: readonly StoredRun[], registry: NodeRegistry): CompareReport {
  const rows = runs.map((run) => storedRunRow(run, registry))
  return {
    format: 'inspectflow-compare',
    version: 1,
    title: [...new Set(runs.map((run) => run.record.graphName))].join(' vs '),
    createdAt: new Date().toISOString(),
    grid: [],
    columns: COMPARE_COLUMNS,
    runs: rows,
    best: bestMarks(rows),
  }
}

function storedRunRow({ record, graph }: StoredRun, registry: NodeRegistry): CompareRun {
  const loaded = loadGraph(graph, registry.catalog, { overrides: record.params })
  const file: GraphFile | undefined = loaded.ok ? loaded.graph : loaded.graph
  const phases = file ? runPhases(file, registry) : { fit: new Set<string>(), banks: new Set<string>(), score: new Set<string>() }
  const states = Object.entries(record.nodeStates)
  const nodeMs = new Map(states.filter(([, state]) => state.state === 'finished' && state.ms !== undefined).map(([id, state]) => [id, state.ms as number]))
  const status = record.status === 'finished' || record.status === 'failed' || record.status === 'cancelled' ? record.status : 'failed'
  return compareRun({
    id: record.runId,
    label: `${record.graphName} · ${record.createdAt.slice(0, 19).replace('T', ' ')}`,
    params: record.params,
    status,
    ...(record.error ? { error: record.error.message } : {}),
    metrics: record.summary?.metrics as MetricsValue | undefined,
    nodeMs,
    phases,
    executed: states.filter(([, state]) => state.state === 'finished').map(([id]) => id),
    cached: states.filter(([, state]) => state.state === 'cached').map(([id]) => id),
  })
}
