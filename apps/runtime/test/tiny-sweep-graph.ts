import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import type { GraphFile } from '@inspectflow/graph-schema'

import { tinyResnet18Bytes } from './tiny-weights'

/**
 * A seeded graph small enough to sweep in seconds: a 64 px synthetic part dataset (6 train, 6 good and
 * 6 defective test images), a random-weight ResNet18 trunk written into `dir`, layer2+layer3 patch
 * embeddings, a full bank, LDKNN with graph params `k` and `alpha`, maps from the nearest distances,
 * a best-F1 threshold and metrics. Returns the graph file's path.
 */
export async function writeTinySweepGraph(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true })
  const weights = join(dir, 'tiny-resnet18.safetensors')
  await writeFile(weights, tinyResnet18Bytes('sweep-graph'))
  const node = (id: string, type: string, params: Record<string, unknown> = {}, typeVersion = 1) => ({ id, type, typeVersion, params })
  const edge = (from: string, to: string) => {
    const [fromNode, fromPort] = from.split('.') as [string, string]
    const [toNode, toPort] = to.split('.') as [string, string]
    return { from: { node: fromNode, port: fromPort }, to: { node: toNode, port: toPort } }
  }
  const graph: GraphFile = {
    schemaVersion: 1,
    name: 'tiny sweep',
    params: {
      k: { type: 'integer', default: 3, description: 'LDKNN K' },
      alpha: { type: 'number', default: 1, description: 'LDKNN density weight' },
    },
    nodes: [
      node('data', 'dataset.synthetic', { kind: 'part', seed: 5, imageSize: 64, trainCount: 6, testGood: 6, testDefectPerType: 2, defectTypes: ['scratch', 'hole', 'stain'] }),
      node('backbone', 'backbone.pretrained', { model: 'resnet18-imagenet', weightsPath: weights }),
      node('tap2', 'layer.tap', { layer: 'layer2' }),
      node('tap3', 'layer.tap', { layer: 'layer3' }),
      node('embed', 'features.embed', { patchSize: 3 }),
      node('trainFeatures', 'features.extract', { split: 'train' }),
      node('testFeatures', 'features.extract', { split: 'test' }),
      node('bank', 'memorybank.build', { coresetRatio: 1 }),
      node('score', 'score.ldknn', { k: '${params.k}', alpha: '${params.alpha}' }, 2),
      node('map', 'anomaly.map', {}),
      node('threshold', 'decide.threshold', { method: 'best-f1' }),
      node('metrics', 'eval.metrics', {}),
    ],
    edges: [
      edge('backbone.backbone', 'tap2.backbone'),
      edge('backbone.backbone', 'tap3.backbone'),
      edge('tap2.tap', 'embed.taps'),
      edge('tap3.tap', 'embed.taps'),
      edge('data.dataset', 'trainFeatures.dataset'),
      edge('embed.extractor', 'trainFeatures.extractor'),
      edge('data.dataset', 'testFeatures.dataset'),
      edge('embed.extractor', 'testFeatures.extractor'),
      edge('trainFeatures.features', 'bank.features'),
      edge('bank.bank', 'score.bank'),
      edge('testFeatures.features', 'score.features'),
      edge('score.patchScores', 'map.patchScores'),
      edge('score.nearestDistances', 'map.mapScores'),
      edge('map.scores', 'threshold.scores'),
      edge('map.scores', 'metrics.scores'),
      edge('threshold.threshold', 'metrics.threshold'),
    ],
    outputs: ['metrics.metrics'],
  }
  const path = join(dir, 'tiny-sweep.json')
  await writeFile(path, `${JSON.stringify(graph, null, 2)}\n`)
  return path
}
