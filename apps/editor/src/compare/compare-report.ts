import type { CompareMetricKey, CompareReport, CompareRun } from '@inspectflow/graph-schema'

export type { CompareReport, CompareRun } from '@inspectflow/graph-schema'

/** Line colours readable on the editor's dark panels, one per run in selection order. */
const COLOURS = ['#4f8cff', '#f0883e', '#3fb950', '#db61a2', '#e3b341', '#56d4dd', '#e5e9f0', '#a371f7', '#8b93a3', '#c9d05c']

export function runColour(index: number): string {
  return COLOURS[index % COLOURS.length] as string
}

/** A metric to 4 decimals, a time in seconds, n/a where the run did not measure it. */
export function cellText(run: CompareRun, key: CompareMetricKey): string {
  const value = run[key]
  if (value === null || value === undefined) return 'n/a'
  return key === 'fitMs' || key === 'scoreMs' ? `${(value / 1000).toFixed(2)} s` : value.toFixed(4)
}

/** The params whose values differ between the runs (the ones worth a column), in first-seen order. */
export function differingParams(runs: readonly CompareRun[]): string[] {
  const names = [...new Set(runs.flatMap((run) => Object.keys(run.params)))]
  return names.filter((name) => new Set(runs.map((run) => JSON.stringify(run.params[name] ?? null))).size > 1)
}

/** Asks the runtime to compare ended runs; rejects with the server's message. */
export async function fetchComparison(runIds: readonly string[]): Promise<CompareReport> {
  const response = await fetch(`/api/compare?runs=${runIds.map(encodeURIComponent).join(',')}`, { headers: { accept: 'application/json' } })
  const body = (await response.json().catch(() => undefined)) as (CompareReport & { error?: { message?: string } }) | undefined
  if (!response.ok || !body) throw new Error(body?.error?.message ?? `comparing the runs failed (${response.status})`)
  return body
}
