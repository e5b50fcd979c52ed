import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { writeSafetensors } from '../io/safetensors'
import { describeArchitecture, truncateArchitecture } from './architecture'
import { sha256File } from './file-hash'
import { randomBackboneWeights } from './random-weights'
import { findStoredWeights, readWeightsIndex, storeWeightsFile, weightsStoreDir } from './weights-store'

let dir = ''
let store = ''
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'if-weights-store-'))
  store = path.join(dir, 'store')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function tinyResnet18(file: string, seed = 'store'): Promise<string> {
  const spec = truncateArchitecture(describeArchitecture('resnet18'), 'layer3')
  await writeSafetensors(file, randomBackboneWeights(spec, createRandom(seed)))
  return file
}

describe('weights store', () => {
  it('lives in .inspectflow/weights under the working directory unless INSPECTFLOW_WEIGHTS moves it', () => {
    expect(weightsStoreDir({}, '/work/x')).toBe(path.join('/work/x', '.inspectflow', 'weights'))
    expect(weightsStoreDir({ INSPECTFLOW_WEIGHTS: 'w' }, '/work/x')).toBe(path.join('/work/x', 'w'))
    expect(weightsStoreDir({ INSPECTFLOW_WEIGHTS: '/srv/weights' }, '/work/x')).toBe('/srv/weights')
  })

  it('adds a checked file with its sha256, architecture, source and time, and lists it', async () => {
    const file = await tinyResnet18(path.join(dir, 'mine.safetensors'))
    const entry = await storeWeightsFile(store, { name: 'resnet18', arch: 'resnet18', file, source: file })
    expect(entry).toMatchObject({ name: 'resnet18', file: 'resnet18.safetensors', arch: 'resnet18', source: file, deepestStage: 'layer3' })
    expect(entry.sha256).toBe(await sha256File(file))
    expect(Date.parse(entry.addedAt)).toBeGreaterThan(Date.now() - 60_000)
    expect(await readWeightsIndex(store)).toEqual([entry])
    const found = await findStoredWeights(store, 'resnet18')
    expect(found?.path).toBe(path.join(store, 'resnet18.safetensors'))
    expect(await sha256File(found?.path as string)).toBe(entry.sha256)
    // the user's file is copied, not moved; no temporary file stays behind
    expect(await readdir(dir)).toContain('mine.safetensors')
    expect((await readdir(store)).sort()).toEqual(['index.json', 'resnet18.safetensors'])
  })

  it('replaces an entry of the same name and keeps the others', async () => {
    const a = await tinyResnet18(path.join(dir, 'a.safetensors'), 'a')
    const b = await tinyResnet18(path.join(dir, 'b.safetensors'), 'b')
    await storeWeightsFile(store, { name: 'resnet18', arch: 'resnet18', file: a, source: 'a' })
    await storeWeightsFile(store, { name: 'line-3', arch: 'resnet18', file: a, source: 'a' })
    const replaced = await storeWeightsFile(store, { name: 'resnet18', arch: 'resnet18', file: b, source: 'b' })
    const index = JSON.parse(await readFile(path.join(store, 'index.json'), 'utf8')) as { version: number; entries: { name: string; sha256: string }[] }
    expect(index.version).toBe(1)
    expect(index.entries.map((e) => e.name)).toEqual(['line-3', 'resnet18'])
    expect(index.entries[1]?.sha256).toBe(replaced.sha256)
    expect(replaced.sha256).not.toBe(index.entries[0]?.sha256)
  })

  it('two adds at once both end up in the index', async () => {
    const file = await tinyResnet18(path.join(dir, 'r18.safetensors'))
    await Promise.all(['a', 'b', 'c'].map((name) => storeWeightsFile(store, { name, arch: 'resnet18', file, source: file })))
    expect((await readWeightsIndex(store)).map((e) => e.name)).toEqual(['a', 'b', 'c'])
  })

  it('refuses a file with a wrong tensor shape, naming the tensor, and stores nothing', async () => {
    const spec = truncateArchitecture(describeArchitecture('resnet18'), 'layer3')
    const weights = randomBackboneWeights(spec, createRandom('bad'))
    weights['layer2.0.conv1.weight'] = { dtype: 'float32', shape: [128, 32, 3, 3], data: new Float32Array(128 * 32 * 9) }
    const file = path.join(dir, 'bad.safetensors')
    await writeSafetensors(file, weights)
    await expect(storeWeightsFile(store, { name: 'resnet18', arch: 'resnet18', file, source: file })).rejects.toThrow(
      /layer2\.0\.conv1\.weight has shape \[128, 32, 3, 3\], expected \[128, 64, 3, 3\]/,
    )
    expect(await readWeightsIndex(store)).toEqual([])
  })

  it('refuses resnet18 weights stored as wide_resnet50_2 and a file that is not safetensors', async () => {
    const file = await tinyResnet18(path.join(dir, 'r18.safetensors'))
    await expect(storeWeightsFile(store, { name: 'wide_resnet50_2', arch: 'wide_resnet50_2', file, source: file })).rejects.toThrow(/wide_resnet50_2 weights.*layer1\.0\.conv1\.weight/)
    const text = path.join(dir, 'notes.safetensors')
    await writeFile(text, 'hello')
    await expect(storeWeightsFile(store, { name: 'resnet18', arch: 'resnet18', file: text, source: text })).rejects.toThrow(/cannot be read as safetensors/)
  })

  it('refuses a name that is a path', async () => {
    const file = await tinyResnet18(path.join(dir, 'r18.safetensors'))
    await expect(storeWeightsFile(store, { name: '../evil', arch: 'resnet18', file, source: file })).rejects.toThrow(/weights name "..\/evil"/)
  })
})
