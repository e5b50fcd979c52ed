import { createCatalog } from '@inspectflow/graph-schema'
import { describe, expect, it } from 'vitest'

import { jsonSafe, summariseOutputs } from './output-summary'

describe('jsonSafe', () => {
  it('keeps plain values, shows typed arrays by type and length, and bounds lists', () => {
    const value = { k: 3, name: 'x', tensor: { dtype: 'float32', shape: [2, 2], data: new Float32Array(4) }, list: Array.from({ length: 70 }, (_, i) => i), bad: Number.NaN }
    const safe = jsonSafe(value) as Record<string, unknown>
    expect(safe.k).toBe(3)
    expect(safe.tensor).toEqual({ dtype: 'float32', shape: [2, 2], data: { typedArray: 'Float32Array', length: 4 } })
    expect((safe.list as unknown[]).length).toBe(65)
    expect((safe.list as unknown[]).at(-1)).toBe('... 6 more')
    expect(safe.bad).toBe('NaN')
    expect(() => JSON.stringify(safe)).not.toThrow()
  })
})

describe('summariseOutputs', () => {
  it('picks the Metrics and Threshold outputs by socket type, keeping long ROC lists whole', () => {
    const catalog = createCatalog([
      { type: 'm', typeVersion: 1, title: 'm', category: 'c', description: '', inputs: {}, outputs: { out: { type: 'Metrics' } }, params: {} },
      { type: 't', typeVersion: 1, title: 't', category: 'c', description: '', inputs: {}, outputs: { out: { type: 'Threshold' } }, params: {} },
    ])
    const graph = { nodes: [{ id: 'metrics', type: 'm', typeVersion: 1 }, { id: 'thr', type: 't', typeVersion: 1 }] }
    const roc = Array.from({ length: 200 }, (_, i) => i / 200)
    const summary = summariseOutputs({ 'metrics.out': { roc }, 'thr.out': { value: 0.5 } }, graph, catalog)
    expect(summary).toEqual({ metrics: { roc }, threshold: { value: 0.5 } })
  })
})
