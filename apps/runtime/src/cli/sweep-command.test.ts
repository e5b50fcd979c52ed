import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'

import { createRegistry } from '@inspectflow/nodes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { tempDir } from '../../test/run-helpers'
import { writeTinySweepGraph } from '../../test/tiny-sweep-graph'
import { COMPARE_COLUMNS, type CompareReport } from '@inspectflow/graph-schema'
import type { CliIo } from './cli-io'
import { main } from './main'

let dir: string
let graphPath: string
beforeAll(async () => {
  dir = await tempDir()
  graphPath = await writeTinySweepGraph(dir)
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function fakeIo(): CliIo & { out: string[]; err: string[] } {
  const io: CliIo & { out: string[]; err: string[] } = {
    out: [],
    err: [],
    stdout: { write: (text: string) => io.out.push(text), isTTY: false },
    stderr: { write: (text: string) => io.err.push(text) },
    registry: createRegistry(),
    cwd: dir,
    env: {},
    onInterrupt: () => () => undefined,
  }
  return io
}

async function sweep(args: string[]): Promise<{ code: number; out: string; err: string; report?: CompareReport; html?: string }> {
  const io = fakeIo()
  const code = await main(['sweep', graphPath, ...args, '--cache', join(dir, 'cache')], io)
  const outAt = args.indexOf('--out')
  const outDir = outAt >= 0 ? join(dir, args[outAt + 1] as string) : undefined
  const read = async (name: string) => (outDir && code !== 2 ? readFile(join(outDir, name), 'utf8') : undefined)
  const json = await read('compare.json')
  return { code, out: io.out.join(''), err: io.err.join(''), ...(json ? { report: JSON.parse(json) as CompareReport } : {}), html: await read('compare.html') }
}

const FIT_NODES = ['data', 'backbone', 'trainFeatures', 'bank']

describe('inspectflow sweep', () => {
  it('runs every K over one cache: the first run fits, the others only score', async () => {
    const { code, out, report, html } = await sweep(['--grid', 'k=1,3,5', '--out', 'k-sweep'])
    expect(code).toBe(0)
    expect(report?.runs.map((run) => run.params)).toEqual([{ k: 1 }, { k: 3 }, { k: 5 }])
    const [first, ...rest] = report?.runs ?? []
    expect(first?.executed).toEqual(expect.arrayContaining([...FIT_NODES, 'testFeatures', 'score']))
    for (const run of rest) {
      // one neighbour search per K: the scoring and what follows ran, the features and the bank were loaded
      expect(run.executed.sort()).toEqual(['map', 'metrics', 'score', 'threshold'])
      expect(run.cached).toEqual(expect.arrayContaining(['bank', 'testFeatures']))
      expect(run.fitCached).toBe(true)
      expect(run.fitMs).toBe(0)
    }
    expect(first?.fitCached).toBe(false)
    expect(first?.fitMs).toBeGreaterThan(0)
    for (const run of report?.runs ?? []) {
      expect(run.status).toBe('finished')
      for (const key of ['imageAuroc', 'pixelAuroc', 'aupro', 'f1'] as const) expect(run[key]).toBeGreaterThanOrEqual(0)
      expect(run.roc?.fpr.length).toBeGreaterThan(1)
    }
    // best marks follow the values, whatever they are
    const best = Math.max(...(report?.runs ?? []).map((run) => run.imageAuroc as number))
    const bestRuns = report?.runs.filter((run) => run.imageAuroc === best).map((run) => run.id) ?? []
    expect(report?.best.imageAuroc).toEqual(bestRuns.length === report?.runs.length ? undefined : bestRuns)
    expect(report?.columns.map((column) => column.key)).toEqual(COMPARE_COLUMNS.map((column) => column.key))
    expect(html?.match(/data-testid="compare-row"/g)).toHaveLength(3)
    expect(html).not.toMatch(/<script|<link|src="http/)
    // progress for the sweep as a whole and for each run
    expect(out).toMatch(/sweep run 1\/3: k=1/)
    expect(out).toMatch(/sweep run 3\/3 k=5: image AUROC \d\.\d{4}/)
    expect(out).toMatch(/> score \(score\.ldknn\) started/)
    expect(out).toMatch(/sweep finished: 3 runs/)
  }, 120_000)

  it('sweeps node params (nodeId.param) too, crossing the axes', async () => {
    const { code, report } = await sweep(['--grid', 'score.k=2,4', '--grid', 'score.alpha=0,1', '--out', 'node-params'])
    expect(code).toBe(0)
    expect(report?.runs.map((run) => run.params)).toEqual([
      { 'score.k': 2, 'score.alpha': 0 },
      { 'score.k': 2, 'score.alpha': 1 },
      { 'score.k': 4, 'score.alpha': 0 },
      { 'score.k': 4, 'score.alpha': 1 },
    ])
    // the first test's sweep left the features and the bank in the cache
    for (const run of report?.runs ?? []) expect(run.executed.filter((id) => FIT_NODES.includes(id) || id === 'testFeatures')).toEqual([])
    // each combination is a new scoring key: the node params reached the node
    for (const run of report?.runs ?? []) expect(run.executed).toContain('score')
  }, 120_000)

  it('names the node and param a misspelt grid name meant', async () => {
    const nodeTypo = await sweep(['--grid', 'scor.k=1,3', '--out', 'bad'])
    expect(nodeTypo.code).toBe(2)
    expect(nodeTypo.err).toContain('the graph has no node "scor"')
    expect(nodeTypo.err).toContain('Did you mean "score.k"')
    const paramTypo = await sweep(['--grid', 'score.kk=1,3', '--out', 'bad'])
    expect(paramTypo.err).toContain('node "score" has no param "kk"')
    expect(paramTypo.err).toContain('"score.k"')
    const graphParam = await sweep(['--grid', 'K=1,3', '--out', 'bad'])
    expect(graphParam.err).toMatch(/the graph has no param "K"; expected a graph param \(k, alpha\) or nodeId\.param\. Did you mean "k"/)
    const badValue = await sweep(['--grid', 'k=1,2.5', '--out', 'bad'])
    expect(badValue.code).toBe(2)
    expect(badValue.err).toContain('graph param "k" expects integer, received "2.5"')
  })
})
