import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { NodeInputError } from '../contract/errors'
import { createRandom } from '../contract/random'
import { createEngines } from '../engine/create-engines'
import { writeSafetensors } from '../io/safetensors'
import { describeArchitecture, truncateArchitecture } from './architecture'
import { catalogEntry } from './catalog'
import { cachedSha256File } from './file-hash'
import { findWeightsFile, loadPretrainedBackbone } from './load-pretrained'
import { randomBackboneWeights } from './random-weights'

let dir = ''
let file = ''
const engines = createEngines({ threads: 1 })

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inspectflow-weights-'))
  file = path.join(dir, 'resnet18-imagenet-trunk.safetensors')
  const spec = truncateArchitecture(describeArchitecture('resnet18'), 'layer3')
  await writeSafetensors(file, randomBackboneWeights(spec, createRandom('r18')), { batchnorm: 'folded' })
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('loadPretrainedBackbone', () => {
  it('loads a folded ResNet18 trunk with its taps, hash and provenance', async () => {
    const backbone = await loadPretrainedBackbone(engines, { model: 'resnet18-imagenet', weightsPath: file })
    expect(backbone.arch).toBe('resnet18')
    expect(backbone.deepestStage).toBe('layer3')
    expect(backbone.layers).toEqual({ layer1: { channels: 64, stride: 4 }, layer2: { channels: 128, stride: 8 }, layer3: { channels: 256, stride: 16 } })
    expect(backbone.weights['layer3.1.conv2.weight']?.shape).toEqual([256, 256, 3, 3])
    expect(backbone.weightsHash).toBe(createHash('sha256').update(await readFile(file)).digest('hex'))
    expect(backbone.preprocess.mean).toEqual([0.485, 0.456, 0.406])
    expect(backbone.provenance).toContain('conv1..layer3')
  })

  it('refuses a ResNet18 file for the wide ResNet, naming the misshapen tensors', async () => {
    await expect(loadPretrainedBackbone(engines, { model: 'wide-resnet50-imagenet', weightsPath: file })).rejects.toThrow(/conv1\.weight|layer1\.0\.conv3\.weight/)
  })

  it('caches the file hash per engines by path, size and mtime', async () => {
    const first = cachedSha256File(engines, file)
    expect(await cachedSha256File(engines, file)).toBe(await first)
  })
})

describe('findWeightsFile', () => {
  const entry = catalogEntry('resnet18-imagenet')
  it('falls back to the same or a conventional name in the weights directory', () => {
    expect(findWeightsFile(entry, undefined, dir)).toBe(file)
    expect(findWeightsFile(entry, '/elsewhere/resnet18-imagenet-trunk.safetensors', dir)).toBe(file)
    expect(findWeightsFile(entry, file, undefined)).toBe(file)
  })
  it('says what it tried when nothing is found', () => {
    expect(() => findWeightsFile(entry, undefined, undefined)).toThrow(NodeInputError)
    expect(() => findWeightsFile(entry, undefined, os.tmpdir())).toThrow(/no file at .*resnet18-imagenet\.safetensors/)
    expect(() => findWeightsFile(entry, path.join(dir, 'nope.safetensors'), undefined)).toThrow(/no file at .*nope\.safetensors/)
  })
})
