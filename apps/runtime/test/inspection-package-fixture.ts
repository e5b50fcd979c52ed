import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import type { GraphFile } from '@inspectflow/graph-schema'

import { generateSyntheticDataset } from '../../../packages/nodes/src/synthetic/generate'
import { graphOf } from './run-helpers'
import { tinyResnet18Bytes } from './tiny-weights'

/** A tiny fitted-inspection graph and the files it reads, for the package tests. */
export interface InspectionFixture {
  graph: GraphFile
  /** Param overrides that point the graph at the fixture files. */
  overrides: Record<string, unknown>
  /** The synthetic MVTec-layout category. */
  dataRoot: string
  weightsFile: string
}

/**
 * A seeded synthetic category (64 px, a few images) and a seeded random-weight ResNet18 trunk, and the
 * REB graph over them: layer2+layer3 features, a coreset bank, LDKNN image scores with heat maps from
 * the nearest distances, a best-F1 threshold and metrics. Small enough to fit in seconds on one core.
 */
export async function makeInspectionFixture(dir: string, options: { coreset?: number; seed?: number } = {}): Promise<InspectionFixture> {
  await mkdir(dir, { recursive: true })
  const dataRoot = join(dir, 'synthetic-part')
  await generateSyntheticDataset(dataRoot, { kind: 'part', seed: options.seed ?? 5, trainCount: 4, testGood: 2, testDefectPerType: 1, imageSize: 64, defectTypes: ['scratch', 'hole'] })
  const weightsFile = join(dir, 'resnet18-random.safetensors')
  await writeFile(weightsFile, tinyResnet18Bytes('inspection-package'))
  const graph = graphOf(
    [
      { id: 'data', type: 'dataset.folder', typeVersion: 1, params: { root: '${params.dataRoot}', layout: 'mvtec', imageSize: 64 } },
      { id: 'backbone', type: 'backbone.pretrained', typeVersion: 1, params: { model: 'resnet18-imagenet', weightsPath: '${params.weights}' } },
      { id: 'tap2', type: 'layer.tap', typeVersion: 1, params: { layer: 'layer2' } },
      { id: 'tap3', type: 'layer.tap', typeVersion: 1, params: { layer: 'layer3' } },
      { id: 'embed', type: 'features.embed', typeVersion: 1, params: { patchSize: 3 } },
      { id: 'trainFeatures', type: 'features.extract', typeVersion: 1, params: { split: 'train' } },
      { id: 'testFeatures', type: 'features.extract', typeVersion: 1, params: { split: 'test' } },
      { id: 'bank', type: 'memorybank.build', typeVersion: 1, params: { coresetRatio: '${params.coreset}' } },
      { id: 'score', type: 'score.ldknn', typeVersion: 2, params: { k: 3, alpha: 1 } },
      { id: 'map', type: 'anomaly.map', typeVersion: 1, params: { sigma: 2 } },
      { id: 'threshold', type: 'decide.threshold', typeVersion: 1, params: { method: '${params.thresholdMethod}', value: '${params.thresholdValue}' } },
      { id: 'metrics', type: 'eval.metrics', typeVersion: 1, params: {} },
    ],
    [
      'backbone.backbone->tap2.backbone',
      'backbone.backbone->tap3.backbone',
      'tap2.tap->embed.taps',
      'tap3.tap->embed.taps',
      'data.dataset->trainFeatures.dataset',
      'embed.extractor->trainFeatures.extractor',
      'data.dataset->testFeatures.dataset',
      'embed.extractor->testFeatures.extractor',
      'trainFeatures.features->bank.features',
      'bank.bank->score.bank',
      'testFeatures.features->score.features',
      'score.patchScores->map.patchScores',
      'score.nearestDistances->map.mapScores',
      'map.scores->threshold.scores',
      'map.scores->metrics.scores',
      'threshold.threshold->metrics.threshold',
    ],
  )
  graph.name = 'tiny inspection'
  graph.params = {
    dataRoot: { type: 'string', default: 'data' },
    weights: { type: 'string', default: 'resnet18' },
    coreset: { type: 'number', default: 1 },
    thresholdMethod: { type: 'string', default: 'best-f1' },
    thresholdValue: { type: 'number', default: 0 },
  }
  return { graph, overrides: { dataRoot, weights: weightsFile, coreset: options.coreset ?? 0.25 }, dataRoot, weightsFile }
}
