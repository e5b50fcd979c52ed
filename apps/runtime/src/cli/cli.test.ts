import { spawnSync } from 'node:child_process'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { type AnyNodeDefinition, createRegistry, defineNode, type MetricsValue, throwIfCancelled } from '@inspectflow/nodes'
import { Type } from '@sinclair/typebox'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { tempDir } from '../../test/run-helpers'
import type { CliIo } from './cli-io'
import { main } from './main'

let dir: string
beforeEach(async () => {
  dir = await tempDir()
  await mkdir(join(dir, 'set', 'good'), { recursive: true })
  for (const name of ['good/1.png', 'good/2.png', 'good/3.png']) await writeFile(join(dir, 'set', name), name)
  await writeFile(join(dir, 'set', 'dataset.json'), JSON.stringify({ train: ['good/1.png', 'good/2.png'], test: ['good/3.png'] }))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A Metrics node that also writes an artifact, and a slow one for Ctrl-C. */
/** The shipped dataset.manifest and dataset.subset nodes, which these tests run for real. */
const datasetNodes = () => createRegistry().definitions.filter((d) => d.type === 'dataset.manifest' || d.type === 'dataset.subset')

const testNodes: AnyNodeDefinition[] = [
  defineNode({
    type: 'test.count',
    typeVersion: 1,
    title: 'Count',
    category: 'test',
    description: 'counts images',
    inputs: { dataset: { type: 'Dataset' } },
    outputs: { metrics: { type: 'Metrics' } },
    params: Type.Object({ fail: Type.Boolean({ default: false }), slow: Type.Boolean({ default: false }) }),
    run: async (ctx, inputs, params) => {
      if (params.fail) throw new Error('expected a dataset with masks, found none')
      for (let i = 0; params.slow && i < 1000; i++) {
        throwIfCancelled(ctx.signal)
        ctx.progress(i, 1000)
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      await ctx.writeArtifact('report.html', '<p>report</p>')
      const metrics = { trainImages: inputs.dataset.train.length, perSplit: { test: inputs.dataset.test.length }, auroc: Number.NaN }
      // a free-form stand-in for the eval helper's MetricsValue: the CLI prints whatever numbers it holds
      return { metrics: metrics as unknown as MetricsValue }
    },
  }),
]

function fakeIo(tty = false): CliIo & { out: string[]; err: string[]; interrupt?: () => void } {
  const io: CliIo & { out: string[]; err: string[]; interrupt?: () => void } = {
    out: [],
    err: [],
    stdout: { write: (text: string) => io.out.push(text), isTTY: tty, columns: 100 },
    stderr: { write: (text: string) => io.err.push(text) },
    registry: createRegistry([...datasetNodes(), ...testNodes]),
    cwd: dir,
    env: {},
    onInterrupt: (handler) => {
      io.interrupt = handler
      return () => undefined
    },
  }
  return io
}

async function writeGraph(countParams: Record<string, unknown> = {}): Promise<string> {
  const graph = {
    schemaVersion: 1,
    name: 'cli test',
    params: { k: { type: 'integer', default: 2 } },
    nodes: [
      { id: 'data', type: 'dataset.manifest', typeVersion: 1, params: { file: 'set/dataset.json' } },
      { id: 'few', type: 'dataset.subset', typeVersion: 1, params: { trainCount: '${params.k}' } },
      { id: 'count', type: 'test.count', typeVersion: 1, params: countParams },
    ],
    edges: [
      { from: { node: 'data', port: 'dataset' }, to: { node: 'few', port: 'dataset' } },
      { from: { node: 'few', port: 'dataset' }, to: { node: 'count', port: 'dataset' } },
    ],
  }
  await writeFile(join(dir, 'graph.json'), JSON.stringify(graph))
  return 'graph.json'
}

describe('inspectflow validate', () => {
  it('exits 0 for a valid graph', async () => {
    const io = fakeIo()
    expect(await main(['validate', await writeGraph()], io)).toBe(0)
    expect(io.out.join('')).toContain('valid')
  })

  it('prints every problem and exits 2 for an invalid graph', async () => {
    const bad = { schemaVersion: 1, name: 'bad', nodes: [{ id: 'a', type: 'nope', typeVersion: 1 }, { id: 'b', type: 'dataset.subset', typeVersion: 1 }], edges: [] }
    await writeFile(join(dir, 'bad.json'), JSON.stringify(bad))
    const io = fakeIo()
    expect(await main(['validate', 'bad.json'], io)).toBe(2)
    const text = io.err.join('')
    expect(text).toContain('2 problems')
    expect(text).toContain('"nope"')
    expect(text).toContain('node "b"')
  })

  it('with --check-paths, names the node, param and graph param of a path that does not exist', async () => {
    const graph = JSON.parse(await readFile(join(dir, await writeGraph()), 'utf8'))
    graph.params.manifest = { type: 'string', default: 'nowhere/dataset.json' }
    graph.nodes[0].params.file = '${params.manifest}'
    await writeFile(join(dir, 'paths.json'), JSON.stringify(graph))
    expect(await main(['validate', 'paths.json'], fakeIo())).toBe(0)
    const io = fakeIo()
    expect(await main(['validate', 'paths.json', '--check-paths'], io)).toBe(2)
    expect(io.err.join('')).toContain('node "data" param "file" (set by graph param "manifest": --set manifest=...): nowhere/dataset.json is not an existing file')
    expect(await main(['validate', 'paths.json', '--check-paths', '--set', 'manifest=set/dataset.json'], fakeIo())).toBe(0)
  })

  it('exits 2 on usage errors and unknown commands', async () => {
    expect(await main(['validate'], fakeIo())).toBe(2)
    expect(await main(['validate', 'graph.json', '--frobnicate'], fakeIo())).toBe(2)
    expect(await main(['frobnicate'], fakeIo())).toBe(2)
    expect(await main(['run', 'graph.json', '--seed', 'x'], fakeIo())).toBe(2)
  })
})

describe('inspectflow run', () => {
  it('runs with --set, prints the metrics table and writes outputs, metrics and artifacts to --out', async () => {
    const io = fakeIo()
    const code = await main(['run', await writeGraph(), '--set', 'k=1', '--out', 'results', '--cache', 'cache'], io)
    expect(io.err.join('')).toBe('')
    expect(code).toBe(0)
    const text = io.out.join('')
    expect(text).toMatch(/trainImages\s+1/)
    expect(text).toMatch(/perSplit\.test\s+1/)
    const metrics = JSON.parse(await readFile(join(dir, 'results', 'metrics.json'), 'utf8'))
    expect(metrics).toEqual({ trainImages: 1, perSplit: { test: 1 }, auroc: 'NaN' })
    const outputs = JSON.parse(await readFile(join(dir, 'results', 'outputs.json'), 'utf8'))
    expect(Object.keys(outputs)).toEqual(['count.metrics'])
    expect(await readFile(join(dir, 'results', 'count', 'report.html'), 'utf8')).toBe('<p>report</p>')
    const again = fakeIo()
    expect(await main(['run', 'graph.json', '--set', 'k=1', '--cache', 'cache'], again)).toBe(0)
    expect(again.out.join('')).toContain('count (test.count) cached')
  })

  it('exits 1 when a node fails, naming it', async () => {
    const io = fakeIo()
    expect(await main(['run', await writeGraph({ fail: true })], io)).toBe(1)
    expect(io.out.join('')).toContain('run failed at node "count"')
    expect(io.out.join('')).toContain('expected a dataset with masks, found none')
  })

  it('cancels on Ctrl-C with exit 130 and draws progress bars on a terminal', async () => {
    const io = fakeIo(true)
    const running = main(['run', await writeGraph({ slow: true })], io)
    while (!/▶ count \[[#-]/.test(io.out.join(''))) await new Promise((resolve) => setTimeout(resolve, 20))
    io.interrupt?.()
    expect(await running).toBe(130)
    const text = io.out.join('')
    expect(text).toContain('\x1b[')
    expect(text).toMatch(/▶ count \[#*-+\]/)
    expect(text).toContain('run cancelled during node "count"')
  })
})

describe('bin/inspectflow.mjs', () => {
  it('runs as a real process and returns the exit code', () => {
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'inspectflow.mjs')
    const result = spawnSync(process.execPath, [bin, 'validate', 'missing.json'], { cwd: dir, encoding: 'utf8' })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('cannot read graph file "missing.json"')
  }, 60_000)

  it('relaunches with huge pages only on Linux, once, and not when turned off', async () => {
    const { hugePagesWanted } = await import('../../bin/huge-pages.mjs')
    expect(hugePagesWanted({}, 'linux')).toBe(true)
    expect(hugePagesWanted({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, 'linux')).toBe(true)
    expect(hugePagesWanted({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' }, 'linux')).toBe(false)
    expect(hugePagesWanted({ INSPECTFLOW_HUGEPAGES: '0' }, 'linux')).toBe(false)
    expect(hugePagesWanted({}, 'darwin')).toBe(false)
    expect(hugePagesWanted({}, 'linux', ['--inspect-brk'])).toBe(false)
  })
})
