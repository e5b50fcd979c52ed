import { NodeInputError } from '../contract/errors'

/**
 * Throws when a score list holds NaN or an infinity: a metric over such scores would be NaN or
 * meaningless, and silent NaN is exactly what the metrics must never produce.
 */
export function assertFiniteScores(values: ArrayLike<number>, field: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number
    if (!Number.isFinite(v)) throw new NodeInputError(`${field}[${i}]`, 'a finite number', String(v), 'the scoring node produced an invalid score')
  }
}
