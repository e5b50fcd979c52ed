import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { compareHtml } from './compare-html'
import type { CompareReport } from '@inspectflow/graph-schema'

/** Writes compare.json and compare.html into `dir` (created if needed); resolves with their paths. */
export async function writeCompare(report: CompareReport, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const json = join(dir, 'compare.json')
  const html = join(dir, 'compare.html')
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`)
  await writeFile(html, compareHtml(report))
  return [json, html]
}
