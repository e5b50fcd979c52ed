import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type { ProgressPreview } from '@inspectflow/graph-schema'
import { Value } from '@sinclair/typebox/value'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { describeArchitecture, truncateArchitecture } from '../../backbone/architecture'
import type { BackboneValue } from '../../backbone/backbone-value'
import { randomBackboneWeights } from '../../backbone/random-weights'
import type { NodeContext } from '../../contract/context'
import { createRandom } from '../../contract/random'
import type { DatasetValue } from '../../datasets/dataset-value'
import type { DefectFillConfig, DefectMakerConfig, DefectShapeConfig, ImageValue, SaliencyConfig } from '../../defectmaker/defect-values'
import { syntheticImage } from '../../defectmaker/test-images'
import { createEngines } from '../../engine/create-engines'
import { allNodeDefinitions } from '../index'
import { testContext } from '../../../test/node-test-context'

let dir = ''
const engines = createEngines({ threads: 1 })
const previews: ProgressPreview[] = []
const warnings: string[] = []

function context(scratch = 'scratch'): NodeContext {
  return testContext(dir, {
    nodeId: 'n',
    rng: createRandom(1),
    scratchDir: path.join(dir, scratch),
    engines,
    progress: (_d, _t, _m, preview) => void (preview && previews.push(preview)),
    log: { info: () => undefined, warn: (m) => void warnings.push(m) },
    writeArtifact: async (name, data) => {
      await writeFile(path.join(dir, name), data)
      return name
    },
  })
}
const node = (type: string) => {
  const found = allNodeDefinitions.find((n) => n.type === type)
  if (!found) throw new Error(`no node ${type}`)
  return found
}
let dataset: DatasetValue

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inspectflow-defect-nodes-'))
  const rng = createRandom('defect-node-images')
  const train = []
  for (const name of ['000.png', '001.png', '002.png', '003.png']) {
    const image = syntheticImage(48, rng)
    await sharp(Buffer.from(image.data), { raw: { width: 48, height: 48, channels: 3 } }).png().toFile(path.join(dir, name))
    train.push({ path: path.join(dir, name), name, label: 0 as const, defectType: 'good' })
  }
  // one saliency map next to an image, in the reference's naming
  await sharp(Buffer.alloc(48 * 48, 255), { raw: { width: 48, height: 48, channels: 1 } }).jpeg().toFile(path.join(dir, '000_saliency.jpg'))
  dataset = { root: dir, layout: 'folder', imageSize: 48, train, test: [], fingerprint: 'f' }
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function makers(saliencyMode: 'uniform' | 'files' | 'foreground' = 'uniform'): Promise<DefectMakerConfig[]> {
  const ctx = context()
  const { saliency } = (await node('defect.saliency').run(ctx, { dataset }, { mode: saliencyMode, fileSuffix: '_saliency.jpg' })) as { saliency: SaliencyConfig }
  const out: DefectMakerConfig[] = []
  for (const fillType of ['defect.fill.cutpaste', 'defect.fill.noise']) {
    const fillParams = fillType === 'defect.fill.noise' ? { means: [100, 150], flucts: [10, 20], scales: [1, 2], aspects: [1, 2] } : {}
    const { fill } = (await node(fillType).run(ctx, {}, fillParams)) as { fill: DefectFillConfig }
    for (const family of ['bezier', 'scar', 'clump']) {
      const shapeParams = { family, vertices: [], smoothing: [0.2, 0.3, 0.4], areaRatio: [0.02, 0.15], aspectRatio: 0, scarWidth: [7, 21], scarHeight: [15, 30], scarRotation: [-45, 45], clumpScale: [5, 7], clumpThreshold: 138 }
      const { shape } = (await node('defect.shape.bezier').run(ctx, {}, shapeParams)) as { shape: DefectShapeConfig }
      const { maker } = (await node('defect.maker').run(ctx, { shape, fill, saliency }, { name: '', edgeKernel: 0, blurProb: 0.5, fuseWeight: [], jitterFill: true })) as { maker: DefectMakerConfig }
      out.push(maker)
    }
  }
  return out
}

describe('defect nodes', () => {
  it('declares the fixed node types and ports, and its defaults satisfy its own param schemas', () => {
    const defectTypes = ['defect.shape.bezier', 'defect.fill.noise', 'defect.fill.cutpaste', 'defect.saliency', 'defect.maker', 'defect.preview', 'backbone.finetune']
    const defectNodes = allNodeDefinitions.filter((n) => defectTypes.includes(n.type))
    expect(defectNodes.map((n) => n.type)).toEqual(defectTypes)
    expect(Object.keys(node('backbone.finetune').inputs)).toEqual(['backbone', 'dataset', 'makers'])
    expect(node('backbone.finetune').inputs.makers).toMatchObject({ type: 'DefectMaker', multiple: true })
    expect(node('defect.maker').inputs.saliency).toMatchObject({ type: 'Saliency', optional: true })
    for (const definition of defectNodes) {
      const defaults = Value.Default(definition.params, {})
      expect([definition.type, Value.Check(definition.params, defaults)]).toEqual([definition.type, true])
    }
  })

  it('builds the reference six makers from shape, fill and maker nodes', async () => {
    const six = await makers()
    expect(six.map((m) => m.name)).toEqual(['bezier_cp', 'bezier_scar_cp', 'bezier_clump_cp', 'bezier_noise', 'bezier_scar_noise', 'bezier_clump_noise'])
    expect(six.map((m) => m.blend.edgeKernel)).toEqual([5, 3, 3, 5, 3, 3])
    expect(six[2]!.blend.fuseWeight).toEqual([0.5, 1])
    expect(six[5]!.shape.vertices).toEqual([5, 9])
    expect(JSON.parse(JSON.stringify(six))).toEqual(six) // plain, serialisable configs
  })

  it('counts saliency files and flags the foreground estimate as a substitute', async () => {
    const files = await makers('files')
    expect(files[0]!.saliency.note).toMatch(/1 of 4 training images/)
    const foreground = await makers('foreground')
    expect(foreground[0]!.saliency.substitute).toBe(true)
    expect(foreground[0]!.saliency.note).toMatch(/SUBSTITUTE/)
  })

  it('previews a seeded PNG grid: the same seed gives the same bytes, another seed other bytes', async () => {
    const six = await makers('foreground')
    const run = async (seed: number) => {
      const { preview } = (await node('defect.preview').run(context(), { dataset, makers: six }, { images: 2, poolSize: 4, imageSize: 0, seed })) as { preview: ImageValue }
      return { preview, png: await readFile(path.join(dir, preview.artifact)) }
    }
    const a = await run(1)
    const b = await run(1)
    const c = await run(2)
    expect(a.png.equals(b.png)).toBe(true)
    expect(a.png.equals(c.png)).toBe(false)
    const meta = await sharp(a.png).metadata()
    // 2 images x (defect row + mask row), 7 columns of 48 px with 2 px gaps
    expect([meta.width, meta.height]).toEqual([7 * 50 + 2, 4 * 50 + 2])
    expect([a.preview.width, a.preview.height]).toEqual([meta.width, meta.height])
    expect(previews.at(-1)?.mime).toBe('image/png')
    expect(Buffer.from(previews.at(-1)!.base64, 'base64').equals(c.png)).toBe(true)
  })

  it('fine-tunes a backbone into one with the same weight names and a new hash, head on the deepest stage', async () => {
    const spec = truncateArchitecture(describeArchitecture('resnet18'), 'layer1')
    const backbone: BackboneValue = {
      arch: 'resnet18', name: 'resnet18-random', deepestStage: 'layer1', weightsHash: 'h0', provenance: 'random',
      preprocess: { channelOrder: 'rgb', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
      layers: { layer1: { channels: 64, stride: 4 } },
      weights: randomBackboneWeights(spec, createRandom('ft-node')),
    }
    const params = { updates: 2, itemsPerMicroBatch: 1, microBatches: 2, imageSize: 40, trainableStages: ['layer1'], freezeUpdates: 1, maxTrainImages: 3, checkpointEvery: 1, seed: 3 }
    const out = (await node('backbone.finetune').run(context('ft'), { backbone, dataset, makers: (await makers()).slice(0, 2) }, params)) as { backbone: BackboneValue }
    expect(out.backbone.name).toBe('resnet18-random+reb-ssl')
    expect(Object.keys(out.backbone.weights).sort()).toEqual(Object.keys(backbone.weights).sort())
    expect(out.backbone.weightsHash).toMatch(/^[0-9a-f]{64}$/)
    expect(out.backbone.provenance).toMatch(/SSL head on layer1 \(no layer4 weights/)
    expect(out.backbone.provenance).toMatch(/3 classes: normal, bezier_cp, bezier_scar_cp/)
    expect(warnings.some((w) => /head sits on layer1/.test(w))).toBe(true)
    const changed = out.backbone.weights['layer1.1.conv2.weight']!.data.some((v, i) => v !== backbone.weights['layer1.1.conv2.weight']!.data[i])
    expect(changed).toBe(true)
    // a rerun with the same params resumes from the checkpoint and runs no update
    const again = (await node('backbone.finetune').run(context('ft'), { backbone, dataset, makers: (await makers()).slice(0, 2) }, params)) as { backbone: BackboneValue }
    expect(again.backbone.weightsHash).toBe(out.backbone.weightsHash)
    // zero updates: the input backbone, untouched
    const passed = (await node('backbone.finetune').run(context('ft0'), { backbone, dataset, makers: [] }, { ...params, updates: 0 })) as { backbone: BackboneValue }
    expect(passed.backbone).toBe(backbone)
  })
})
