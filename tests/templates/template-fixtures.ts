import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'

import { describeArchitecture, truncateArchitecture } from '../../packages/nodes/src/backbone/architecture'
import { randomBackboneWeights } from '../../packages/nodes/src/backbone/random-weights'
import { createRandom } from '../../packages/nodes/src/contract/random'
import { writeSafetensors } from '../../packages/nodes/src/io/safetensors'
import { generateSyntheticDataset } from '../../packages/nodes/src/synthetic/generate'

/** Files the templates run on instead of downloaded data, made at suite start. */
export interface TemplateFixtures {
  /** A small synthetic category in the MVTec AD layout. */
  SYNTHETIC_MVTEC: string
  /** A seeded random-weight ResNet18 trunk (conv1..layer3, BatchNorm folded, torchvision names). */
  TINY_RESNET18: string
}

/** Generates the fixtures under `dir`. */
export async function makeTemplateFixtures(dir: string): Promise<TemplateFixtures> {
  await mkdir(dir, { recursive: true })
  const data = join(dir, 'synthetic-mvtec')
  await generateSyntheticDataset(data, { kind: 'part', seed: 11, trainCount: 4, testGood: 3, testDefectPerType: 1, imageSize: 64, defectTypes: ['scratch', 'hole', 'missing'] })
  const weights = join(dir, 'resnet18-random.safetensors')
  const spec = truncateArchitecture(describeArchitecture('resnet18'), 'layer3')
  await writeSafetensors(weights, randomBackboneWeights(spec, createRandom('template-resnet18')), { batchnorm: 'folded' })
  return { SYNTHETIC_MVTEC: data, TINY_RESNET18: weights }
}

/** Replaces `{{NAME}}` in string params with the fixture paths. */
export function fillPlaceholders(params: Record<string, unknown>, fixtures: TemplateFixtures): Record<string, unknown> {
  const fill = (value: unknown): unknown =>
    typeof value === 'string' ? value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => fixtures[name as keyof TemplateFixtures] ?? `{{${name}}}`) : value
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, fill(value)]))
}
