import type { RunEvent } from '@inspectflow/graph-schema'
import { describe, expect, it } from 'vitest'

import { isRunOver, reduceRunEvent, type RunView, viewFromRecord } from './run-state'

const base = { runId: 'r1', ts: 1000 }
const start: RunView = { runId: 'r1', status: 'queued', nodes: {}, log: [] }

function fold(events: RunEvent[]): RunView {
  return events.reduce(reduceRunEvent, start)
}

describe('run state', () => {
  it('marks planned nodes queued, then running with progress, then done', () => {
    const view = fold([
      { ...base, type: 'run:started', nodeIds: ['a', 'b'] },
      { ...base, type: 'node:started', nodeId: 'a', nodeType: 't' },
      { ...base, type: 'node:progress', nodeId: 'a', done: 3, total: 10, message: 'batch 3' },
    ])
    expect(view.status).toBe('running')
    expect(view.nodes.a).toMatchObject({ state: 'running', done: 3, total: 10, message: 'batch 3' })
    expect(view.nodes.b).toEqual({ state: 'queued' })
    const done = reduceRunEvent(view, { ...base, type: 'node:finished', nodeId: 'a', nodeType: 't', ms: 1500, summary: 'ok' })
    expect(done.nodes.a?.state).toBe('done')
    expect(done.log.at(-1)?.text).toBe('finished in 1.50 s: ok')
  })

  it('turns a progress preview into a data URL', () => {
    const view = fold([{ ...base, type: 'node:progress', nodeId: 'm', done: 1, total: 1, preview: { mime: 'image/png', base64: 'AAA', caption: 'defects' } }])
    expect(view.nodes.m).toMatchObject({ preview: 'data:image/png;base64,AAA', previewCaption: 'defects' })
  })

  it('records cached and failed nodes with the failure message', () => {
    const view = fold([
      { ...base, type: 'node:cached', nodeId: 'a', nodeType: 't' },
      { ...base, type: 'node:failed', nodeId: 'b', nodeType: 't', message: 'expected 3 channels, got 1' },
      { ...base, type: 'run:failed', nodeId: 'b', message: 'node b failed', executed: [] },
    ])
    expect(view.nodes.a?.state).toBe('cached')
    expect(view.nodes.b).toMatchObject({ state: 'failed', message: 'expected 3 channels, got 1' })
    expect(view.status).toBe('failed')
    expect(view.log.filter((l) => l.level === 'error')).toHaveLength(2)
    expect(isRunOver(view)).toBe(true)
  })

  it('marks the running node cancelled and the queued ones skipped on cancel, keeping finished ones', () => {
    const view = fold([
      { ...base, type: 'run:started', nodeIds: ['a', 'b', 'c'] },
      { ...base, type: 'node:finished', nodeId: 'a', nodeType: 't', ms: 1 },
      { ...base, type: 'node:started', nodeId: 'b', nodeType: 't' },
      { ...base, type: 'run:cancelled', nodeId: 'b', executed: ['a'] },
    ])
    expect([view.nodes.a?.state, view.nodes.b?.state, view.nodes.c?.state]).toEqual(['done', 'cancelled', 'skipped'])
    expect(view.status).toBe('cancelled')
  })

  it('builds the view from a run record snapshot', () => {
    const view = viewFromRecord({
      runId: 'r1',
      graphName: 'g',
      status: 'running',
      createdAt: 0,
      nodeStates: { a: { state: 'finished' }, b: { state: 'running', done: 2, total: 4 }, c: { state: 'pending' } },
    })
    expect(view.nodes).toEqual({ a: { state: 'done' }, b: { state: 'running', done: 2, total: 4 }, c: { state: 'queued' } })
    expect(isRunOver(view)).toBe(false)
  })

  it('reads a failed record: the error text (not an object), the failing node, no node left queued', () => {
    const view = viewFromRecord({
      runId: 'r1',
      graphName: 'g',
      status: 'failed',
      createdAt: 0,
      error: { message: 'expected 3 channels, got 1', nodeId: 'b', nodeType: 't' },
      nodeStates: { a: { state: 'finished' }, b: { state: 'running' }, c: { state: 'pending' } },
    })
    expect(view.error).toBe('expected 3 channels, got 1')
    expect(view.nodes.b).toMatchObject({ state: 'failed', message: 'expected 3 channels, got 1' })
    expect([view.nodes.a?.state, view.nodes.c?.state]).toEqual(['done', 'skipped'])
  })

  it('keeps a plain string error of an older server as it is', () => {
    const view = viewFromRecord({ runId: 'r1', graphName: 'g', status: 'failed', createdAt: 0, error: 'disk full', nodeStates: {} })
    expect(view.error).toBe('disk full')
  })

  it("puts a failed validation's problems on their nodes when nothing ran", () => {
    const view = fold([
      {
        ...base,
        type: 'run:failed',
        message: 'the graph has 1 problem',
        executed: [],
        problems: [{ code: 'param_invalid', nodeId: 'k', path: '/nodes/0/params/k', expected: 'an integer', found: '"x"', message: 'k must be an integer' }],
      },
    ])
    expect(view.nodes.k).toMatchObject({ state: 'failed', message: 'k must be an integer' })
  })
})
