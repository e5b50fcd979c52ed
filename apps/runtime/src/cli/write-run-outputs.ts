import { cp, mkdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { summarizeValue } from '../executor/summarize-value'

/** What a finished run leaves in `--out DIR`. */
export interface RunOutputFiles {
  outDir: string
  outputs: Record<string, unknown>
  /** The run's Metrics outputs by `nodeId.port`. */
  metrics: Record<string, unknown>
  artifactDir: string
}

/**
 * Writes outputs.json (tensors as shape summaries), metrics.json when there are Metrics outputs (the
 * value itself when there is one, else keyed by output) and a copy of the run's artifacts (PNGs,
 * report.html). Returns the paths written.
 */
export async function writeRunOutputs(files: RunOutputFiles): Promise<string[]> {
  await mkdir(files.outDir, { recursive: true })
  const written: string[] = []
  const outputsPath = join(files.outDir, 'outputs.json')
  await writeFile(outputsPath, `${JSON.stringify(summarizeValue(files.outputs), null, 2)}\n`)
  written.push(outputsPath)
  const metricEntries = Object.entries(files.metrics)
  if (metricEntries.length > 0) {
    const metrics = metricEntries.length === 1 ? metricEntries[0]?.[1] : files.metrics
    const metricsPath = join(files.outDir, 'metrics.json')
    await writeFile(metricsPath, `${JSON.stringify(summarizeValue(metrics, 10_000), null, 2)}\n`)
    written.push(metricsPath)
  }
  if (await exists(files.artifactDir)) {
    await cp(files.artifactDir, files.outDir, { recursive: true })
    written.push(`${files.outDir} (artifacts)`)
  }
  return written
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}
