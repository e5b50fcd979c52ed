import type { MetricsValue } from '@inspectflow/nodes'

import type { CompareRun } from '@inspectflow/graph-schema'
import { phaseMs, type RunPhases } from './run-phases'

/** What one run left behind, from a sweep's executor result or from a stored run record. */
export interface RunOutcome {
  id: string
  label: string
  params: Record<string, unknown>
  status: CompareRun['status']
  error?: string
  /** The run's first Metrics output; undefined when it has none (failed, or a graph without eval.metrics). */
  metrics: MetricsValue | undefined
  /** Milliseconds of every node that ran. */
  nodeMs: ReadonlyMap<string, number>
  phases: RunPhases
  executed: string[]
  cached: string[]
}

/** The comparison row of one run: its overall metrics, best F1, image ROC and the time of each phase. */
export function compareRun(outcome: RunOutcome): CompareRun {
  const overall = outcome.metrics?.overall
  const ran = new Set(outcome.executed)
  const roc = overall?.roc ? { fpr: overall.roc.fpr, tpr: overall.roc.tpr } : null
  return {
    id: outcome.id,
    label: outcome.label,
    params: outcome.params,
    status: outcome.status,
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
    imageAuroc: overall?.imageAuroc ?? null,
    pixelAuroc: overall?.pixelAuroc ?? null,
    aupro: overall?.aupro ?? null,
    f1: overall?.bestF1?.f1 ?? null,
    fitMs: outcome.status === 'finished' ? phaseMs(outcome.phases.fit, outcome.nodeMs) : null,
    scoreMs: outcome.status === 'finished' ? phaseMs(outcome.phases.score, outcome.nodeMs) : null,
    fitCached: ![...outcome.phases.banks].some((id) => ran.has(id)),
    roc,
    executed: outcome.executed,
    cached: outcome.cached,
  }
}
