import { readdir, readFile, rm, truncate } from 'node:fs/promises'
import { join } from 'node:path'

import type { RunEvent } from '@inspectflow/graph-schema'
import { createRegistry } from '@inspectflow/nodes'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { type RunCounts, stubNodes } from '../../test/executor-stub-nodes'
import { graphOf, runCollecting, sequence, tempDir } from '../../test/run-helpers'

let dir: string
let counts: RunCounts
beforeEach(async () => {
  dir = await tempDir()
  counts = {}
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const chain = (factor = 2) =>
  graphOf(
    [
      { id: 'src', type: 'test.source', typeVersion: 1, params: { n: 3 } },
      { id: 'scale', type: 'test.scale', typeVersion: 1, params: { factor } },
      { id: 'sum', type: 'test.sum', typeVersion: 1 },
    ],
    ['src.value->scale.x', 'scale.y->sum.xs', 'src.value->sum.xs'],
  )

describe('executeGraph', () => {
  it('runs nodes in topological order and emits the event sequence once', async () => {
    const { result, events } = await runCollecting(chain(), createRegistry(stubNodes(counts)), dir)
    expect(sequence(events)).toEqual([
      'run:started',
      'node:started:src',
      'node:finished:src',
      'node:started:scale',
      'node:finished:scale',
      'node:started:sum',
      'node:finished:sum',
      'run:finished',
    ])
    expect(events.every((e) => e.runId === 'r1' && typeof e.ts === 'number')).toBe(true)
    expect(result.status).toBe('finished')
    // multiple-input port in edge order: scaled [2,4,6] then raw [1,2,3]
    expect(result.outputs['sum.parts']).toEqual([12, 6])
    expect(result.outputs['sum.total']).toBe(18)
    expect(events.find((e) => e.type === 'node:log')).toMatchObject({ nodeId: 'sum', message: 'extra is undefined' })
  })

  it('serves every node from the cache on a rerun', async () => {
    const registry = createRegistry(stubNodes(counts))
    await runCollecting(chain(), registry, dir)
    const { result, events } = await runCollecting(chain(), registry, dir)
    expect(sequence(events)).toEqual(['run:started', 'node:cached:sum', 'run:finished'])
    expect(result.outputs['sum.total']).toBe(18)
    expect(counts).toEqual({ 'test.source': 1, 'test.scale': 1, 'test.sum': 1 })
  })

  it('re-runs only the node whose param changed and whatever is downstream of it', async () => {
    const registry = createRegistry(stubNodes(counts))
    await runCollecting(chain(2), registry, dir)
    const { result, events } = await runCollecting(chain(3), registry, dir)
    expect(sequence(events)).toEqual([
      'run:started',
      'node:cached:src',
      'node:started:scale',
      'node:finished:scale',
      'node:started:sum',
      'node:finished:sum',
      'run:finished',
    ])
    expect(result.outputs['sum.total']).toBe(24)
    expect(result.executed).toEqual(['scale', 'sum'])
    expect(result.cached).toEqual(['src'])
  })

  it('re-runs only a changed downstream node, loading its inputs from the cache', async () => {
    const registry = createRegistry(stubNodes(counts))
    const graph = (factor: number) =>
      graphOf(
        [
          { id: 'src', type: 'test.source', typeVersion: 1 },
          { id: 'a', type: 'test.scale', typeVersion: 1, params: { factor: 2 } },
          { id: 'b', type: 'test.scale', typeVersion: 1, params: { factor } },
        ],
        ['src.value->a.x', 'a.y->b.x'],
      )
    await runCollecting(graph(5), registry, dir)
    const { events } = await runCollecting(graph(7), registry, dir)
    expect(sequence(events)).toEqual(['run:started', 'node:cached:a', 'node:started:b', 'node:finished:b', 'run:finished'])
  })

  it('round-trips a tensor output through the disk cache', async () => {
    const registry = createRegistry(stubNodes(counts))
    const first = await runCollecting(chain(), registry, dir, { targets: ['scale.y'] })
    const second = await runCollecting(chain(), registry, dir, { targets: ['scale.y'] })
    expect(sequence(second.events)).toEqual(['run:started', 'node:cached:scale', 'run:finished'])
    const stored = second.result.outputs['scale.y'] as { dtype: string; shape: number[]; data: Float32Array }
    expect(stored.data).toBeInstanceOf(Float32Array)
    expect(stored).toEqual(first.result.outputs['scale.y'])
    expect(Array.from(stored.data)).toEqual([2, 4, 6])
  })

  it('runs no node when cancelled before the first one', async () => {
    const controller = new AbortController()
    controller.abort()
    const { result, events } = await runCollecting(chain(), createRegistry(stubNodes(counts)), dir, { signal: controller.signal })
    expect(sequence(events)).toEqual(['run:started', 'run:cancelled'])
    expect(result.status).toBe('cancelled')
    expect(counts).toEqual({})
  })

  it('computes only the ancestors of the requested targets', async () => {
    const { result, events } = await runCollecting(chain(), createRegistry(stubNodes(counts)), dir, { targets: ['scale.y'] })
    expect(sequence(events)).toContain('node:finished:scale')
    expect(sequence(events)).not.toContain('node:started:sum')
    expect(Object.keys(result.outputs)).toEqual(['scale.y'])
  })

  it('refuses an invalid graph with every problem and runs nothing', async () => {
    const graph = graphOf(
      [
        { id: 'scale', type: 'test.scale', typeVersion: 1, params: { factor: 'big' } },
        { id: 'ghost', type: 'test.nothing', typeVersion: 1 },
      ],
      [],
    )
    const { result, events } = await runCollecting(graph, createRegistry(stubNodes(counts)), dir)
    expect(sequence(events)).toEqual(['run:failed'])
    expect(result.status).toBe('failed')
    expect(result.error?.problems?.length).toBeGreaterThanOrEqual(2)
    expect(counts).toEqual({})
  })

  it('refuses a target that names no node or no port', async () => {
    const registry = createRegistry(stubNodes(counts))
    const { result } = await runCollecting(chain(), registry, dir, { targets: ['scale.nope', 'missing'] })
    expect(result.status).toBe('failed')
    expect(result.error?.problems).toHaveLength(2)
    expect(result.error?.message).toContain('scale.nope')
  })

  it('reports a failing node by name and cause, keeping upstream results cached', async () => {
    const registry = createRegistry(stubNodes(counts))
    const graph = graphOf(
      [
        { id: 'src', type: 'test.source', typeVersion: 1 },
        { id: 'bad', type: 'test.fail', typeVersion: 1 },
      ],
      ['src.value->bad.x'],
    )
    const { result, events } = await runCollecting(graph, registry, dir)
    expect(sequence(events)).toEqual(['run:started', 'node:started:src', 'node:finished:src', 'node:started:bad', 'node:failed:bad', 'run:failed'])
    const failed = events.at(-1)
    expect(failed).toMatchObject({ type: 'run:failed', nodeId: 'bad', nodeType: 'test.fail', executed: ['src'] })
    expect((failed as { message: string }).message).toContain('x: expected a tensor of 4 values, found 3 values')
    expect(result.error?.nodeId).toBe('bad')
    const rerun = await runCollecting(graph, registry, dir)
    expect(sequence(rerun.events).slice(0, 3)).toEqual(['run:started', 'node:cached:src', 'node:started:bad'])
  })

  it('stops a long node within one batch when cancelled and ends with run:cancelled', async () => {
    const batches = { value: 0 }
    const registry = createRegistry(stubNodes(counts, batches))
    const graph = graphOf(
      [
        { id: 'src', type: 'test.source', typeVersion: 1 },
        { id: 'slow', type: 'test.slow', typeVersion: 1, params: { batches: 200, ms: 5 } },
        { id: 'after', type: 'test.scale', typeVersion: 1 },
      ],
      ['src.value->slow.x', 'slow.y->after.x'],
    )
    const controller = new AbortController()
    let batchesAtAbort = -1
    const events: RunEvent[] = []
    const { result } = await runCollecting(graph, registry, dir, {
      signal: controller.signal,
      onEvent: (event) => {
        events.push(event)
        // cancel as soon as the long node reports its first batch, as a Cancel button would
        if (event.type === 'node:progress' && event.nodeId === 'slow' && !controller.signal.aborted) {
          batchesAtAbort = batches.value
          controller.abort()
        }
      },
    })
    expect(result.status).toBe('cancelled')
    expect(batchesAtAbort).toBeGreaterThan(0)
    expect(batches.value - batchesAtAbort).toBeLessThanOrEqual(1)
    expect(batches.value).toBeLessThan(200)
    expect(events.at(-1)).toMatchObject({ type: 'run:cancelled', nodeId: 'slow', executed: ['src'] })
    expect(events.filter((e) => e.type.startsWith('run:') && e.type !== 'run:started')).toHaveLength(1)
    expect(sequence(events)).not.toContain('node:failed:slow')
    expect(counts['test.scale']).toBeUndefined()
  })

  it('throttles progress but always delivers the last report', async () => {
    const registry = createRegistry(stubNodes(counts))
    const graph = graphOf(
      [
        { id: 'src', type: 'test.source', typeVersion: 1 },
        { id: 'slow', type: 'test.slow', typeVersion: 1, params: { batches: 100, ms: 1 } },
      ],
      ['src.value->slow.x'],
    )
    const { events: seen } = await runCollecting(graph, registry, dir)
    const progress = seen.filter((e) => e.type === 'node:progress')
    expect(progress.length).toBeLessThan(50)
    expect(progress.at(-1)).toMatchObject({ done: 100, total: 100 })
    const finishedIndex = seen.findIndex((e) => e.type === 'node:finished' && e.nodeId === 'slow')
    expect(seen.indexOf(progress.at(-1) as (typeof seen)[number])).toBeLessThan(finishedIndex)
  })

  it('recomputes a node whose cache file was truncated, with a warning', async () => {
    const registry = createRegistry(stubNodes(counts))
    const graph = graphOf([{ id: 'src', type: 'test.source', typeVersion: 1, params: { n: 64 } }], [])
    await runCollecting(graph, registry, dir)
    const cacheDir = join(dir, 'cache')
    const [key] = (await readdir(cacheDir)).filter((name) => !name.startsWith('.'))
    const tensorsFile = join(cacheDir, key as string, 'tensors.safetensors')
    await truncate(tensorsFile, (await readFile(tensorsFile)).length - 8)
    const { result, events } = await runCollecting(graph, registry, dir)
    expect(sequence(events)).toEqual(['run:started', 'node:started:src', 'node:finished:src', 'run:finished'])
    expect(events.find((e) => e.type === 'node:log')).toMatchObject({ level: 'warn', nodeId: 'src' })
    expect(counts['test.source']).toBe(2)
    expect((result.outputs['src.value'] as { data: Float32Array }).data[63]).toBe(64)
    const third = await runCollecting(graph, registry, dir)
    expect(sequence(third.events)).toEqual(['run:started', 'node:cached:src', 'run:finished'])
  })

  it('resolves paths against the base dir, writes artifacts and never caches a non-cacheable node', async () => {
    const registry = createRegistry(stubNodes(counts))
    const graph = graphOf([{ id: 'p', type: 'test.path', typeVersion: 1, params: { file: 'in/data.txt' } }], [])
    const first = await runCollecting(graph, registry, dir)
    expect(first.result.outputs['p.path']).toBe(join(dir, 'in/data.txt'))
    expect(first.result.outputs['p.artifact']).toBe('p/notes/hello.txt')
    expect(await readFile(join(dir, 'artifacts', 'p', 'notes', 'hello.txt'), 'utf8')).toBe('hello')
    const second = await runCollecting(graph, registry, dir)
    expect(sequence(second.events)).toContain('node:started:p')
    expect(counts['test.path']).toBe(2)
  })
})
