import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { loadGraph } from '@inspectflow/graph-schema'
import { createRegistry } from '@inspectflow/nodes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CliIo } from '../apps/runtime/src/cli/cli-io'
import { main } from '../apps/runtime/src/cli/main'
import type { CompareReport } from '@inspectflow/graph-schema'
import { resolveGrid } from '../apps/runtime/src/sweep/resolve-grid'
import { gridCombinations } from '../apps/runtime/src/sweep/sweep-grid'
import { loadPreset, presetNames } from '../apps/runtime/src/sweep/sweep-presets'
import { makeTemplateFixtures, type TemplateFixtures } from './templates/template-fixtures'

const registry = createRegistry()

/** The paper's first three experiments, as graphs/sweeps presets. */
const EXPECTED: Record<string, Record<string, unknown[]>> = {
  'k-sweep': { k: [1, 3, 5, 9, 15] },
  'ldknn-vs-knn': { alpha: [0, 1] },
  'finetune-vs-imagenet': { finetuneUpdates: [0, 30] },
}

describe('sweep presets', () => {
  it('ships the three experiments, each a grid its graph accepts', async () => {
    expect(await presetNames()).toEqual(Object.keys(EXPECTED).sort())
    for (const [name, grid] of Object.entries(EXPECTED)) {
      const { graphPath, axes } = await loadPreset(name)
      const loaded = loadGraph(await readFile(graphPath, 'utf8'), registry.catalog)
      expect(loaded.ok, `${name}: its graph loads`).toBe(true)
      if (!loaded.ok) continue
      const resolved = resolveGrid(axes, loaded.graph, registry)
      expect(Object.fromEntries(resolved.map((axis) => [axis.name, axis.values]))).toEqual(grid)
      expect(gridCombinations(resolved)).toHaveLength(Object.values(grid).reduce((n, values) => n * values.length, 1))
    }
  })

  it('an unknown preset lists the shipped ones', async () => {
    await expect(loadPreset('k-swep')).rejects.toThrow(/unknown sweep preset "k-swep"; expected one of finetune-vs-imagenet, k-sweep, ldknn-vs-knn/)
  })

  describe('k-sweep on the template fixtures', () => {
    let work: string
    let fixtures: TemplateFixtures
    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'sweep-presets-'))
      fixtures = await makeTemplateFixtures(join(work, 'fixtures'))
    })
    afterAll(async () => {
      await rm(work, { recursive: true, force: true })
    })

    it('runs the five K on reb-mvtec.json, fitting once', async () => {
      const out: string[] = []
      const err: string[] = []
      const io: CliIo = {
        stdout: { write: (text: string) => out.push(text), isTTY: false },
        stderr: { write: (text: string) => err.push(text) },
        registry,
        cwd: work,
        env: {},
        onInterrupt: () => () => undefined,
      }
      const args = ['sweep', '--preset', 'k-sweep', '--set', `dataRoot=${fixtures.SYNTHETIC_MVTEC}`, '--set', `weights=${fixtures.TINY_RESNET18}`, '--out', 'k', '--cache', join(work, 'cache')]
      expect(await main(args, io), err.join('')).toBe(0)
      const report = JSON.parse(await readFile(join(work, 'k', 'compare.json'), 'utf8')) as CompareReport
      expect(report.runs.map((run) => run.params.k)).toEqual([1, 3, 5, 9, 15])
      expect(report.runs[0]?.executed).toEqual(expect.arrayContaining(['trainFeatures', 'bank', 'score']))
      for (const run of report.runs.slice(1)) {
        expect(run.executed).toContain('score')
        expect(run.executed).not.toContain('trainFeatures')
        expect(run.executed).not.toContain('testFeatures')
        expect(run.executed).not.toContain('bank')
      }
    }, 300_000)
  })
})
