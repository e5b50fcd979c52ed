import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import type { NodeContext } from '../../contract/context'
import { NodeInputError } from '../../contract/errors'
import type { DatasetValue } from '../../datasets/dataset-value'
import { createEngines } from '../../engine/create-engines'
import { datasetManifestNode } from './dataset-manifest'
import { testContext } from '../../../test/node-test-context'
import { datasetSubsetNode } from './dataset-subset'

let dir: string
const logs: string[] = []

function contextFor(nodeId: string): NodeContext {
  return testContext(dir, { nodeId, log: { info: (m) => logs.push(m), warn: (m) => logs.push(m) }, engines: createEngines({ threads: 1 }) })
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'if-basic-'))
  await mkdir(join(dir, 'set', 'good'), { recursive: true })
  await mkdir(join(dir, 'set', 'crack'), { recursive: true })
  for (const name of ['good/1.png', 'good/2.png', 'good/3.png', 'crack/1.png', 'crack/1_mask.png']) {
    await writeFile(join(dir, 'set', name), name)
  }
  const manifest = {
    train: ['good/1.png', 'good/2.png'],
    test: ['good/3.png', { path: 'crack/1.png', defectType: 'crack', mask: 'crack/1_mask.png' }],
  }
  await writeFile(join(dir, 'set', 'dataset.json'), JSON.stringify(manifest))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const params = { file: 'set/dataset.json', imageSize: 64 }

describe('dataset.manifest', () => {
  it('lists train and test images with labels, defect types and masks', async () => {
    const { dataset } = (await datasetManifestNode.run(contextFor('m'), {}, params)) as { dataset: DatasetValue }
    expect(dataset.train.map((image) => [image.name, image.label])).toEqual([
      ['good/1.png', 0],
      ['good/2.png', 0],
    ])
    expect(dataset.test[1]).toMatchObject({ name: 'crack/1.png', label: 1, defectType: 'crack', maskPath: join(dir, 'set', 'crack', '1_mask.png') })
    expect(dataset.test[0]).toMatchObject({ label: 0, defectType: 'good', path: join(dir, 'set', 'good', '3.png') })
    expect(dataset.imageSize).toBe(64)
  })

  it('changes its fingerprint when a listed file changes', async () => {
    const fingerprint = datasetManifestNode.fingerprint as NonNullable<typeof datasetManifestNode.fingerprint>
    const before = await fingerprint(contextFor('m'), params)
    expect(await fingerprint(contextFor('m'), params)).toBe(before)
    await utimes(join(dir, 'set', 'good', '2.png'), new Date(2001, 1, 1), new Date(2001, 1, 1))
    expect(await fingerprint(contextFor('m'), params)).not.toBe(before)
  })

  it('hashes the files in manifest order, however their stats come back', async () => {
    // 60 entries: hashing in stat completion order (as it once did) gave a different fingerprint on
    // almost every call, and a cache miss for everything downstream
    const names = Array.from({ length: 60 }, (_, i) => `good/${i}.png`)
    for (const name of names) await writeFile(join(dir, 'set', name), name)
    const text = JSON.stringify({ train: names, test: [] })
    await writeFile(join(dir, 'set', 'many.json'), text)
    const hash = createHash('sha256').update(text)
    for (const name of names) {
      const path = join(dir, 'set', name)
      const info = await stat(path)
      hash.update(`${path}:${info.size}:${info.mtimeMs}`)
    }
    const expected = hash.digest('hex')
    const fingerprint = datasetManifestNode.fingerprint as NonNullable<typeof datasetManifestNode.fingerprint>
    for (let i = 0; i < 5; i++) expect(await fingerprint(contextFor('m'), { ...params, file: 'set/many.json' })).toBe(expected)
  })

  it('names the entry whose file is missing', async () => {
    await rm(join(dir, 'set', 'crack', '1.png'))
    const run = datasetManifestNode.run(contextFor('m'), {}, params)
    await expect(run).rejects.toThrow(NodeInputError)
    await expect(datasetManifestNode.run(contextFor('m'), {}, params)).rejects.toThrow(/file test\[1\]: expected an existing image file/)
  })
})

describe('dataset.subset', () => {
  it('keeps the first k train images and a stratified test subset, with a new fingerprint', async () => {
    const { dataset } = (await datasetManifestNode.run(contextFor('m'), {}, params)) as { dataset: DatasetValue }
    const out = (await datasetSubsetNode.run(contextFor('s'), { dataset }, { trainCount: 1, testCount: 2 })) as { dataset: DatasetValue }
    expect(out.dataset.train.map((image) => image.name)).toEqual(['good/1.png'])
    expect(out.dataset.test.map((image) => image.defectType)).toEqual(['good', 'crack'])
    expect(out.dataset.fingerprint).not.toBe(dataset.fingerprint)
    expect(dataset.train).toHaveLength(2)
  })
})
