import { describe, expect, it } from 'vitest'

import { bestMarks } from './best-marks'
import type { CompareRun } from '@inspectflow/graph-schema'
import { combinationLabel, gridCombinations, parseGridArg } from './sweep-grid'

describe('sweep grid', () => {
  it('parses NAME=v1,v2 and JSON lists', () => {
    expect(parseGridArg('k=1,3, 5')).toEqual({ name: 'k', values: ['1', '3', '5'] })
    expect(parseGridArg('ft.trainableStages=[["layer3"],["layer2","layer3"]]')).toEqual({ name: 'ft.trainableStages', values: [['layer3'], ['layer2', 'layer3']] })
    expect(() => parseGridArg('k')).toThrow(/NAME=v1,v2/)
    expect(() => parseGridArg('k=1,,3')).toThrow(/comma-separated/)
  })

  it('crosses every axis, the last one varying fastest', () => {
    const runs = gridCombinations([{ name: 'k', values: [1, 3] }, { name: 'alpha', values: [0, 1, 2] }])
    expect(runs).toHaveLength(6)
    expect(runs.slice(0, 3)).toEqual([{ k: 1, alpha: 0 }, { k: 1, alpha: 1 }, { k: 1, alpha: 2 }])
    expect(combinationLabel({ k: 3, stages: ['layer3'] })).toBe('k=3, stages=["layer3"]')
  })
})

describe('best marks', () => {
  const run = (id: string, imageAuroc: number | null, fitMs: number, status: CompareRun['status'] = 'finished', fitCached = false): CompareRun => ({
    id, label: id, params: {}, status, imageAuroc, pixelAuroc: null, aupro: null, f1: null, fitMs, scoreMs: null, fitCached, roc: null, executed: [], cached: [],
  })

  it('marks the highest metric and the lowest time, every run on a tie, never a failed run', () => {
    const best = bestMarks([run('a', 0.9, 50), run('b', 0.95, 20), run('c', 0.95, 20), run('d', 0.99, 1, 'failed'), run('e', 0.5, 0, 'finished', true)])
    expect(best.imageAuroc).toEqual(['b', 'c'])
    // e's fit came from the cache: its 0 ms is no faster fit
    expect(best.fitMs).toEqual(['b', 'c'])
    // one value or none: nothing to compare
    expect(best.pixelAuroc).toBeUndefined()
    // all equal: no star either
    expect(bestMarks([run('a', 1, 5), run('b', 1, 6)]).imageAuroc).toBeUndefined()
  })
})
