import { existsSync, readFileSync, writeFileSync } from 'node:fs'

/**
 * tests/templates/expected/<graph>.json: how to run a template small and what it must reach.
 * `params` are graph-param overrides ({{SYNTHETIC_MVTEC}} and {{TINY_RESNET18}} are filled in),
 * `metrics` maps dotted paths into the Metrics value to expected numbers, each within `tolerance`.
 * `skip` (a reason) skips the run.
 */
export interface ExpectedRun {
  params: Record<string, unknown>
  metrics: Record<string, number | null>
  tolerance: number
  skip?: string
}

/** Reads the expected file, or undefined when there is none. */
export function readExpected(path: string): ExpectedRun | undefined {
  if (!existsSync(path)) return undefined
  return JSON.parse(readFileSync(path, 'utf8')) as ExpectedRun
}

/** The number (or null) at a dotted path such as `perDefectType.hole.imageAuroc`. */
export function metricAt(metrics: unknown, path: string): number | null | undefined {
  let value: unknown = metrics
  for (const key of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
  return typeof value === 'number' || value === null ? value : undefined
}

/** Rewrites the expected metrics with measured ones (UPDATE_TEMPLATE_EXPECTED=1), keeping params and tolerance. */
export function updateExpected(path: string, expected: ExpectedRun, measured: Record<string, number | null>): void {
  writeFileSync(path, `${JSON.stringify({ ...expected, metrics: measured }, null, 2)}\n`)
}
