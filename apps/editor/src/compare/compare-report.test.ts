import { describe, expect, it } from 'vitest'

import { cellText, type CompareRun, differingParams } from './compare-report'

const run = (params: Record<string, unknown>, fitMs: number | null = 1234): CompareRun => ({
  id: 'r', label: 'r', params, status: 'finished', imageAuroc: 0.98765, pixelAuroc: null, aupro: null, f1: null, fitMs, scoreMs: null, fitCached: false, roc: null, executed: [], cached: [],
})

describe('compare view data', () => {
  it('keeps only the params that differ between the runs', () => {
    expect(differingParams([run({ k: 1, dataRoot: 'a' }), run({ k: 5, dataRoot: 'a' }), run({ dataRoot: 'a' })])).toEqual(['k'])
  })

  it('formats metrics, times and missing values', () => {
    expect(cellText(run({}), 'imageAuroc')).toBe('0.9877')
    expect(cellText(run({}), 'fitMs')).toBe('1.23 s')
    expect(cellText(run({}), 'pixelAuroc')).toBe('n/a')
  })
})
