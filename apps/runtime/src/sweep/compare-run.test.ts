import { describe, expect, it } from 'vitest'

import { compareRun, type RunOutcome } from './compare-run'

const outcome = (executed: string[], nodeMs: Record<string, number>): RunOutcome => ({
  id: 'run-02',
  label: 'k=3',
  params: { k: 3 },
  status: 'finished',
  metrics: undefined,
  nodeMs: new Map(Object.entries(nodeMs)),
  phases: { fit: new Set(['data', 'backbone', 'trainFeatures', 'bank']), banks: new Set(['bank']), score: new Set(['testFeatures', 'score', 'map']) },
  executed,
  cached: [],
})

describe('comparison row of a run', () => {
  it('sums the time of each phase over the nodes that ran', () => {
    const row = compareRun(outcome(['data', 'backbone', 'trainFeatures', 'bank', 'testFeatures', 'score', 'map', 'report'], { data: 10, backbone: 20, trainFeatures: 300, bank: 40, testFeatures: 200, score: 50, map: 5, report: 900 }))
    expect(row.fitMs).toBe(370)
    expect(row.scoreMs).toBe(255)
    expect(row.fitCached).toBe(false)
  })

  it('calls the fit cached when no bank was built, even when cheap inputs such as the dataset were loaded again', () => {
    // a report that takes the dataset and backbone makes them run again; the features and bank still came from the cache
    const row = compareRun(outcome(['data', 'backbone', 'score', 'map', 'report'], { data: 10, backbone: 20, score: 50, map: 5, report: 900 }))
    expect(row.fitCached).toBe(true)
    expect(row.fitMs).toBe(30)
    expect(row.imageAuroc).toBeNull()
  })
})
