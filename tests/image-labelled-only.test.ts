import { readFileSync } from 'node:fs'
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { createEngines, createRegistry, type MetricsValue, type ReportValue } from '@inspectflow/nodes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { executeGraph } from '../apps/runtime/src/executor/execute-graph'
import { makeTemplateFixtures, type TemplateFixtures } from './templates/template-fixtures'

/**
 * An MVTec-layout set published without pixel masks (no ground_truth folder) runs through the real
 * templates: image metrics as usual, pixel metrics null with a note, never NaN, never a crash.
 */
let dir: string
let fixtures: TemplateFixtures
let imageOnly: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'image-labelled-'))
  fixtures = await makeTemplateFixtures(join(dir, 'fixtures'))
  imageOnly = join(dir, 'no-masks')
  await cp(fixtures.SYNTHETIC_MVTEC, imageOnly, { recursive: true })
  await rm(join(imageOnly, 'ground_truth'), { recursive: true })
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe.each(['patchcore-baseline', 'reb-mvtec'])('%s on a set without masks', (template) => {
  it('measures images, says why the pixel metrics are missing, and writes the report', async () => {
    const graph: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '../graphs', `${template}.json`), 'utf8'))
    const result = await executeGraph({
      runId: template, graph, registry: createRegistry(), engines: createEngines({ threads: 1 }),
      overrides: { dataRoot: imageOnly, weights: fixtures.TINY_RESNET18 },
      cacheDir: join(dir, template, 'cache'), artifactDir: join(dir, template, 'artifacts'), baseDir: dir, seed: 1, onEvent: () => undefined,
    })
    expect(result.error).toBeUndefined()
    const metrics = result.outputs['metrics.metrics'] as MetricsValue
    expect(typeof metrics.overall.imageAuroc).toBe('number')
    expect(metrics.overall.anomalousCount).toBeGreaterThan(0)
    expect([metrics.overall.pixelAuroc, metrics.overall.pixelAurocAnomalous, metrics.overall.aupro]).toEqual([null, null, null])
    expect(metrics.notes).toEqual([expect.stringMatching(/^overall: labelled per image only: none of the \d+ anomalous images has a ground-truth mask/)])
    expect(JSON.stringify(metrics)).not.toContain('NaN')
    const report = result.outputs['report.report'] as ReportValue
    const html = await readFile(join(dir, template, 'artifacts', report.files.find((f) => f.endsWith('report.html')) as string), 'utf8')
    expect(html).toContain('labelled per image only')
    expect(html).toContain('<td>n/a</td>')
  })
})
