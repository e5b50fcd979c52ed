import type { NodeCatalogEntry } from '@inspectflow/graph-schema'
import { describe, expect, it } from 'vitest'

import { quickAddMatches } from './quick-add'

const entry = (type: string, title: string, inputs: Record<string, string>, outputs: Record<string, string>): NodeCatalogEntry => ({
  type,
  typeVersion: 1,
  title,
  category: 'test',
  description: '',
  inputs: Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, { type: t }])),
  outputs: Object.fromEntries(Object.entries(outputs).map(([k, t]) => [k, { type: t }])),
  params: {},
}) as NodeCatalogEntry

const catalog = [
  entry('dataset.subset', 'Dataset subset', { dataset: 'Dataset' }, { dataset: 'Dataset' }),
  entry('score.knn', 'kNN score', { bank: 'MemoryBank' }, { scores: 'Scores' }),
  entry('test.slow', 'Slow', { value: 'Number' }, { value: 'Number' }),
]

describe('quick add', () => {
  it('finds node types by words of the title or type', () => {
    expect(quickAddMatches(catalog, 'knn').map((m) => m.entry.type)).toEqual(['score.knn'])
    expect(quickAddMatches(catalog, '')).toHaveLength(3)
  })

  it('offers only the types that can take a dropped wire, with the port to join', () => {
    const fromOutput = quickAddMatches(catalog, '', { nodeId: 'a', side: 'output', key: 'dataset', type: 'Dataset' })
    expect(fromOutput).toEqual([{ entry: catalog[0], port: 'dataset' }])
    const fromInput = quickAddMatches(catalog, '', { nodeId: 'b', side: 'input', key: 'value', type: 'Number' })
    expect(fromInput.map((m) => [m.entry.type, m.port])).toEqual([['test.slow', 'value']])
  })
})
