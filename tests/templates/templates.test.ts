import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'

import { loadGraph } from '@inspectflow/graph-schema'
import { beforeAll, describe, expect, it } from 'vitest'

import { executeGraph } from '../../apps/runtime/src/executor/execute-graph'
import { createEngines } from '../../packages/nodes/src/engine/create-engines'
import { createRegistry } from '../../packages/nodes/src/registry'
import { type ExpectedRun, metricAt, readExpected, updateExpected } from './expected-metrics'
import { fillPlaceholders, makeTemplateFixtures, type TemplateFixtures } from './template-fixtures'

const GRAPHS = join(import.meta.dirname, '../../graphs')
const EXPECTED = join(import.meta.dirname, 'expected')
const templates = readdirSync(GRAPHS).filter((f) => f.endsWith('.json')).sort()
const registry = createRegistry()

let fixtures: TemplateFixtures
let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'templates-'))
  fixtures = await makeTemplateFixtures(join(work, 'fixtures'))
})

async function runTemplate(graph: unknown, expected: ExpectedRun, name: string) {
  const dir = join(work, name)
  const result = await executeGraph({
    runId: `template-${name}`,
    graph,
    registry,
    engines: createEngines({ threads: 1 }),
    overrides: fillPlaceholders(expected.params, fixtures),
    cacheDir: join(dir, 'cache'),
    artifactDir: join(dir, 'artifacts'),
    baseDir: GRAPHS,
    seed: 1,
    onEvent: () => undefined,
  })
  return { result, dir }
}

it('finds the templates', () => {
  expect(templates.length).toBeGreaterThan(0)
})

describe.each(templates)('template %s', (file) => {
  const name = basename(file, '.json')
  const graph: unknown = JSON.parse(readFileSync(join(GRAPHS, file), 'utf8'))
  const expectedPath = join(EXPECTED, `${name}.json`)
  const expected = readExpected(expectedPath)

  it('has a name and a short description', () => {
    const { name: title, description } = graph as { name?: string; description?: string }
    expect(title?.trim()).toBeTruthy()
    expect(description?.trim().length ?? 0).toBeGreaterThan(20)
  })

  it('loads and passes every graph check', () => {
    const loaded = loadGraph(graph, registry.catalog)
    expect(loaded.problems).toEqual([])
  })

  it('has an expected-metrics file saying how to run it small', () => {
    expect(expected, `create ${expectedPath} with { params, metrics, tolerance }`).toBeDefined()
  })

  it.skipIf(!expected || expected.skip)(`runs on small seeded data within the expected metrics${expected?.skip ? ` (skipped: ${expected.skip})` : ''}`, async () => {
    const run = expected as ExpectedRun
    const { result, dir } = await runTemplate(graph, run, name)
    expect(result.error).toBeUndefined()
    expect(result.status).toBe('finished')
    const metrics = Object.entries(result.outputs).find(([key]) => key.endsWith('.metrics'))?.[1]
    expect(metrics, 'the template outputs a Metrics value').toBeDefined()
    const measured = Object.fromEntries(Object.keys(run.metrics).map((path) => [path, metricAt(metrics, path) ?? null]))
    if (process.env.UPDATE_TEMPLATE_EXPECTED === '1') updateExpected(expectedPath, run, measured)
    for (const [path, want] of Object.entries(run.metrics)) {
      const got = measured[path]
      if (want === null) expect(got, path).toBeNull()
      else expect(Math.abs((got ?? Number.NaN) - want), `${path}: expected ${want} ± ${run.tolerance}, got ${got}`).toBeLessThanOrEqual(run.tolerance)
    }
    const report = Object.entries(result.outputs).find(([key]) => key.endsWith('.report'))?.[1] as { files: string[] } | undefined
    if (report) {
      const html = report.files.find((f) => f.endsWith('report.html')) as string
      expect((await stat(join(dir, 'artifacts', html))).size).toBeGreaterThan(1000)
    }
  })
})
