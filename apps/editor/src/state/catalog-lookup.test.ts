import type { NodeCatalogEntry } from '@inspectflow/graph-schema'
import { describe, expect, it } from 'vitest'

import { graphFileToModel } from '../graph-adapter'
import { defaultParams, entryForNode, groupCatalog } from './catalog-lookup'

const entry = (type: string, category: string, title: string): NodeCatalogEntry => ({
  type,
  typeVersion: 1,
  title,
  category,
  description: `${title} node`,
  inputs: {},
  outputs: {},
  params: { type: 'object', properties: { k: { type: 'integer', default: 9 }, name: { type: 'string' } } },
})
const catalog = [entry('score.knn', 'scoring', 'kNN score'), entry('score.ldknn', 'scoring', 'LDKNN score'), entry('dataset.folder', 'data', 'Image folder')]

describe('catalog lookup', () => {
  it('groups by category and filters by search text', () => {
    expect(groupCatalog(catalog, '').map(([c, e]) => [c, e.length])).toEqual([['scoring', 2], ['data', 1]])
    expect(groupCatalog(catalog, 'ldknn').map(([, e]) => e.map((x) => x.type))).toEqual([['score.ldknn']])
    expect(groupCatalog(catalog, 'nothing-like-this')).toEqual([])
  })

  it('takes defaults from the params schema', () => {
    expect(defaultParams(catalog[0]!.params)).toEqual({ k: 9 })
  })

  it('keeps unknown node types with ports taken from the edges', () => {
    const model = graphFileToModel({
      schemaVersion: 1,
      name: 'g',
      nodes: [
        { id: 'a', type: 'dataset.folder', typeVersion: 1 },
        { id: 'x', type: 'plugin.future', typeVersion: 3 },
      ],
      edges: [{ from: { node: 'a', port: 'dataset' }, to: { node: 'x', port: 'input' } }],
    })
    const stand = entryForNode(catalog, model.nodes[1]!, model)
    expect(stand.type).toBe('plugin.future')
    expect(stand.typeVersion).toBe(3)
    expect(Object.keys(stand.inputs)).toEqual(['input'])
  })
})
