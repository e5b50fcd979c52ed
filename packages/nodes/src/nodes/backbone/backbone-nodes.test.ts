import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { describeArchitecture, truncateArchitecture } from '../../backbone/architecture'
import type { BackboneValue } from '../../backbone/backbone-value'
import { randomBackboneWeights } from '../../backbone/random-weights'
import type { NodeContext } from '../../contract/context'
import { createRandom } from '../../contract/random'
import type { DatasetValue } from '../../datasets/dataset-value'
import { createEngines } from '../../engine/create-engines'
import type { FeatureExtractorValue, PatchFeaturesValue } from '../../features/features-value'
import type { LayerTapValue } from '../../features/layer-tap-value'
import { writeSafetensors } from '../../io/safetensors'
import { allNodeDefinitions } from '../index'
import { testContext } from '../../../test/node-test-context'

let dir = ''
const engines = createEngines({ threads: 1 })
const progress: [number, number][] = []

function context(): NodeContext {
  return testContext(dir, { nodeId: 'n', rng: createRandom(1), scratchDir: dir, engines, progress: (done, total) => void progress.push([done, total]) })
}
const node = (type: string) => {
  const found = allNodeDefinitions.find((n) => n.type === type)
  if (!found) throw new Error(`no node ${type}`)
  return found
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inspectflow-backbone-nodes-'))
  const spec = truncateArchitecture(describeArchitecture('resnet18'), 'layer3')
  await writeSafetensors(path.join(dir, 'r18.safetensors'), randomBackboneWeights(spec, createRandom('nodes')))
  const rng = createRandom('pixels')
  for (const name of ['a.png', 'b.png', 'c.png']) {
    const pixels = Buffer.from(Uint8Array.from({ length: 80 * 80 * 3 }, () => rng.int(0, 255)))
    await sharp(pixels, { raw: { width: 80, height: 80, channels: 3 } }).png().toFile(path.join(dir, name))
  }
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('backbone nodes', () => {
  it('lists the node types of the feature path with their ports', () => {
    const types = allNodeDefinitions.map((n) => n.type)
    expect(['backbone.pretrained', 'layer.tap', 'features.embed', 'features.extract'].every((t) => types.includes(t))).toBe(true)
    expect(node('features.embed').inputs.taps).toMatchObject({ type: 'LayerTap', multiple: true })
    expect(Object.keys(node('features.extract').inputs)).toEqual(['dataset', 'extractor'])
  })

  it('chains pretrained -> layer taps -> embed -> extract into [N, 8, 8, 512] features at 64 px', async () => {
    const ctx = context()
    const params = { model: 'resnet18-imagenet', weightsPath: 'r18.safetensors' }
    const fingerprint = await node('backbone.pretrained').fingerprint?.(ctx, params)
    expect(fingerprint).toBe(createHash('sha256').update(await readFile(path.join(dir, 'r18.safetensors'))).digest('hex'))
    const { backbone } = (await node('backbone.pretrained').run(ctx, {}, params)) as { backbone: BackboneValue }
    expect(backbone.weightsHash).toBe(fingerprint)
    const tap = async (layer: string) => ((await node('layer.tap').run(ctx, { backbone }, { layer })) as { tap: LayerTapValue }).tap
    const taps = [await tap('layer2'), await tap('layer3')]
    expect(taps.map((t) => [t.layer, t.stride, t.channels])).toEqual([['layer2', 8, 128], ['layer3', 16, 256]])
    const { extractor } = (await node('features.embed').run(ctx, { taps }, { patchSize: 3, pretrainEmbedDim: 0, embedDim: 0 })) as { extractor: FeatureExtractorValue }
    expect(extractor.layers).toEqual(['layer2', 'layer3'])
    expect(extractor.embedDim).toBe(512)
    const image = (name: string) => ({ path: path.join(dir, name), name, label: 0 as const, defectType: 'good' })
    const dataset: DatasetValue = { root: dir, layout: 'folder', imageSize: 64, train: [image('a.png'), image('b.png'), image('c.png')], test: [], fingerprint: 'x' }
    progress.length = 0
    const { features } = (await node('features.extract').run(ctx, { dataset, extractor }, { split: 'train', batchSize: 2 })) as { features: PatchFeaturesValue }
    expect(features.features.shape).toEqual([3, 8, 8, 512])
    expect(features.split).toBe('train')
    expect(features.images.map((i) => i.name)).toEqual(['a.png', 'b.png', 'c.png'])
    expect(progress).toEqual([[2, 3], [3, 3]])
    expect(features.features.data.some((v) => v > 0)).toBe(true)
  })

  it('names the param and what the backbone offers when a tap or an embedding cannot be made', async () => {
    const ctx = context()
    const { backbone } = (await node('backbone.pretrained').run(ctx, {}, { model: 'resnet18-imagenet', weightsPath: 'r18.safetensors' })) as { backbone: BackboneValue }
    await expect(node('layer.tap').run(ctx, { backbone }, { layer: 'layer4' })).rejects.toThrow(/layer: expected a stage of .*\(layer1, layer2, layer3\), found layer4/)
    const two = ((await node('layer.tap').run(ctx, { backbone }, { layer: 'layer2' })) as { tap: LayerTapValue }).tap
    const embed = { patchSize: 3, pretrainEmbedDim: 0, embedDim: 0 }
    await expect(node('features.embed').run(ctx, { taps: [two, two] }, embed)).rejects.toThrow(/taps: expected each layer tapped once, found layer2 twice/)
    await expect(node('features.embed').run(ctx, { taps: [] }, embed)).rejects.toThrow(/taps: expected at least one layer.tap connected/)
  })
})
