import { COMPARE_COLUMNS, type CompareMetricKey, type CompareRun } from '@inspectflow/graph-schema'

/** Values this close count as a tie: metrics printed to 4 decimals must not mark one of two equal-looking runs. */
const TIE = 1e-9

/**
 * Per column, the runs with the best value: the highest metric or the lowest time, every run on a tie.
 * Runs that did not finish or have no value take no part, nor does a fit the cache served (it cost nothing,
 * which says nothing about the fit); a column with fewer than two values, or all of them equal, gets no mark.
 */
export function bestMarks(runs: readonly CompareRun[]): Partial<Record<CompareMetricKey, string[]>> {
  const best: Partial<Record<CompareMetricKey, string[]>> = {}
  for (const column of COMPARE_COLUMNS) {
    const measured = runs.filter((run) => run.status === 'finished' && typeof run[column.key] === 'number' && !(column.key === 'fitMs' && run.fitCached))
    if (measured.length < 2) continue
    const values = measured.map((run) => run[column.key] as number)
    const target = column.better === 'higher' ? Math.max(...values) : Math.min(...values)
    // every run equal: a star on each would say nothing
    if (values.every((value) => Math.abs(value - target) <= TIE)) continue
    best[column.key] = measured.filter((run) => Math.abs((run[column.key] as number) - target) <= TIE).map((run) => run.id)
  }
  return best
}
