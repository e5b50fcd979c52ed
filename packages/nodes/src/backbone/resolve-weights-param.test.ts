import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { writeSafetensors } from '../io/safetensors'
import { describeArchitecture, truncateArchitecture } from './architecture'
import { catalogEntry } from './catalog'
import { randomBackboneWeights } from './random-weights'
import { resolvePretrainedWeights, type WeightsLookup } from './resolve-weights-param'
import { storeWeightsFile } from './weights-store'

let dir = ''
let file = ''
let store = ''
let emptyStore = ''
let legacy = ''
const resnet18 = catalogEntry('resnet18-imagenet')
const wide = catalogEntry('wide-resnet50-imagenet')

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'if-resolve-weights-'))
  file = path.join(dir, 'trunk.safetensors')
  await writeSafetensors(file, randomBackboneWeights(truncateArchitecture(describeArchitecture('resnet18'), 'layer3'), createRandom('resolve')))
  store = path.join(dir, 'store')
  emptyStore = path.join(dir, 'empty-store')
  legacy = path.join(dir, 'legacy')
  await storeWeightsFile(store, { name: 'resnet18', arch: 'resnet18', file, source: file })
  await storeWeightsFile(store, { name: 'line-3', arch: 'resnet18', file, source: file })
  await mkdir(legacy)
  await copyFile(file, path.join(legacy, 'resnet18-imagenet-trunk.safetensors'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const lookup = (storeDir: string, legacyDir?: string): WeightsLookup => ({
  storeDir,
  ...(legacyDir ? { legacyDir } : {}),
  resolvePath: (p) => path.resolve(dir, p),
})

describe('resolvePretrainedWeights', () => {
  it('takes a store name, an empty value (the model\'s entry) or a path', async () => {
    expect(await resolvePretrainedWeights(resnet18, 'line-3', lookup(store))).toBe(path.join(store, 'line-3.safetensors'))
    expect(await resolvePretrainedWeights(resnet18, '', lookup(store))).toBe(path.join(store, 'resnet18.safetensors'))
    expect(await resolvePretrainedWeights(resnet18, 'trunk.safetensors', lookup(store))).toBe(file)
  })

  it('still honours $INSPECTFLOW_WEIGHTS_DIR when the store has no entry', async () => {
    expect(await resolvePretrainedWeights(resnet18, '', lookup(emptyStore, legacy))).toBe(path.join(legacy, 'resnet18-imagenet-trunk.safetensors'))
  })

  it('refuses a store entry of another architecture', async () => {
    await expect(resolvePretrainedWeights(wide, 'resnet18', lookup(store))).rejects.toThrow(
      'weightsPath: expected wide_resnet50_2 weights for wide-resnet50-imagenet, found store entry "resnet18", which holds resnet18 weights',
    )
  })

  it('a name neither stored nor a file lists the store and says how to add it', async () => {
    await expect(resolvePretrainedWeights(resnet18, 'line-9', lookup(store))).rejects.toThrow(
      /found "line-9", which is neither in the weights store at .* \(it holds line-3, resnet18\) nor a file\. Run "inspectflow weights add line-9/,
    )
    await expect(resolvePretrainedWeights(resnet18, '', lookup(emptyStore))).rejects.toThrow(
      /found empty weightsPath, and no "resnet18" in the weights store at .* \(it is empty\)\. Run "inspectflow weights pull resnet18"/,
    )
  })

  it('a missing path points at the store entry when there is one', async () => {
    await expect(resolvePretrainedWeights(resnet18, 'weights/none.safetensors', lookup(store))).rejects.toThrow(/no file at .*none\.safetensors\. The weights store has "resnet18": set weightsPath to resnet18/)
  })
})
