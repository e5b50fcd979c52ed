import { type GraphFile, validateAndPlan } from '@inspectflow/graph-schema'
import { describe, expect, it } from 'vitest'

import { createRegistry } from '../registry'

const catalog = createRegistry().catalog

/** A graph as saved before layer.tap, features.embed and anomaly.map existed. */
function versionOneGraph(): GraphFile {
  return {
    schemaVersion: 1,
    name: 'old',
    params: { blur: { type: 'number', default: 2 } },
    nodes: [
      { id: 'data', type: 'dataset.synthetic', typeVersion: 1 },
      { id: 'backbone', type: 'backbone.pretrained', typeVersion: 1, ui: { x: 0, y: 0 } },
      { id: 'extractor', type: 'features.extractor', typeVersion: 1, label: 'embedding', params: { layers: ['layer1', 'layer3'], patchSize: 5 }, ui: { x: 300, y: 0 } },
      { id: 'train', type: 'features.extract', typeVersion: 1, params: { split: 'train' } },
      { id: 'test', type: 'features.extract', typeVersion: 1, params: { split: 'test' } },
      { id: 'bank', type: 'memorybank.build', typeVersion: 1 },
      { id: 'score', type: 'score.ldknn', typeVersion: 1, params: { k: 5, alpha: 0.5, sigma: '${params.blur}', queryBlock: 512 }, ui: { x: 900, y: 100 } },
      { id: 'metrics', type: 'eval.metrics', typeVersion: 1 },
    ],
    edges: [
      ['backbone.backbone', 'extractor.backbone'], ['data.dataset', 'train.dataset'], ['extractor.extractor', 'train.extractor'],
      ['data.dataset', 'test.dataset'], ['extractor.extractor', 'test.extractor'], ['train.features', 'bank.features'],
      ['bank.bank', 'score.bank'], ['test.features', 'score.features'], ['score.scores', 'metrics.scores'],
    ].map(([from, to]) => {
      const [fn, fp] = (from as string).split('.') as [string, string]
      const [tn, tp] = (to as string).split('.') as [string, string]
      return { from: { node: fn, port: fp }, to: { node: tn, port: tp } }
    }),
    outputs: ['metrics.metrics', 'score.scores'],
  }
}

describe('migrations of the shipped nodes', () => {
  const result = validateAndPlan(versionOneGraph(), catalog)
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 1))
  const graph = result.plan.graph
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const edges = graph.edges.map((e) => `${e.from.node}.${e.from.port}->${e.to.node}.${e.to.port}`)

  it('turn features.extractor@1 into a layer.tap per layer feeding features.embed, in layer order', () => {
    expect(byId.get('extractor-layer1')).toMatchObject({ type: 'layer.tap', typeVersion: 1, params: { layer: 'layer1' } })
    expect(byId.get('extractor-layer3')).toMatchObject({ type: 'layer.tap', params: { layer: 'layer3' } })
    expect(byId.get('extractor')).toMatchObject({ type: 'features.embed', typeVersion: 1, label: 'embedding', params: { patchSize: 5 } })
    expect(edges.filter((e) => e.endsWith('extractor.taps'))).toEqual(['extractor-layer1.tap->extractor.taps', 'extractor-layer3.tap->extractor.taps'])
    expect(edges).toContain('backbone.backbone->extractor-layer1.backbone')
    expect(edges).toContain('extractor.extractor->train.extractor')
  })

  it('turn score.ldknn@1 into score.ldknn@2 and an anomaly.map with the old sigma, blocks dropped', () => {
    expect(byId.get('score')).toMatchObject({ type: 'score.ldknn', typeVersion: 2, params: { k: 5, alpha: 0.5 } })
    expect(byId.get('score-map')).toMatchObject({ type: 'anomaly.map', typeVersion: 1, params: { sigma: '${params.blur}' }, ui: { x: 900, y: 260 } })
    expect(edges).toContain('score.patchScores->score-map.patchScores')
    expect(edges).toContain('score-map.scores->metrics.scores')
    expect(graph.outputs).toEqual(['metrics.metrics', 'score-map.scores'])
    const planned = result.ok ? result.plan.nodes.find((n) => n.id === 'score-map') : undefined
    expect(planned?.params).toEqual({ sigma: 2, imageScore: 'block-mean-max' })
  })

  it('leave nothing of the old versions for the checks to refuse', () => {
    expect(graph.nodes.every((n) => catalog.get(n.type, n.typeVersion))).toBe(true)
  })
})
