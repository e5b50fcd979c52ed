import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { loadFolderDataset } from './load-folder-dataset'

let root: string

async function png(path: string, size = 8, value = 128): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const pixels = Buffer.alloc(size * size * 3, value)
  await sharp(pixels, { raw: { width: size, height: size, channels: 3 } }).png().toFile(path)
}

/** A tiny MVTec-layout category: 3 train images, test good + one defect type with masks. */
async function makeMvtec(): Promise<void> {
  for (const name of ['002', '000', '001']) await png(join(root, 'train/good', `${name}.png`))
  await png(join(root, 'test/good/000.png'))
  for (const name of ['001', '000']) {
    await png(join(root, 'test/crack', `${name}.png`))
    await png(join(root, 'ground_truth/crack', `${name}_mask.png`), 8, 255)
  }
}

const load = (layout: 'auto' | 'mvtec' | 'folder' = 'auto') => loadFolderDataset({ root, layout, imageSize: 16 })

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'inspectflow-dataset-'))
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('loadFolderDataset, MVTec layout', () => {
  it('lists train and test images in sorted order with labels and masks', async () => {
    await makeMvtec()
    const data = await load()
    expect(data.layout).toBe('mvtec')
    expect(data.train.map((i) => i.name)).toEqual(['train/good/000.png', 'train/good/001.png', 'train/good/002.png'])
    expect(data.test.map((i) => [i.name, i.label, i.defectType])).toEqual([
      ['test/crack/000.png', 1, 'crack'],
      ['test/crack/001.png', 1, 'crack'],
      ['test/good/000.png', 0, 'good'],
    ])
    expect(data.test[0]?.maskPath).toBe(join(root, 'ground_truth/crack/000_mask.png'))
    expect(data.test[2]?.maskPath).toBeUndefined()
  })

  it('changes the fingerprint when a file changes on disk', async () => {
    await makeMvtec()
    const before = (await load()).fingerprint
    expect((await load()).fingerprint).toBe(before)
    await utimes(join(root, 'train/good/001.png'), new Date(2001, 1, 1), new Date(2001, 1, 1))
    expect((await load()).fingerprint).not.toBe(before)
  })

  it('names the missing training folder', async () => {
    await makeMvtec()
    await rm(join(root, 'train'), { recursive: true })
    await expect(load('mvtec')).rejects.toThrow(`${join(root, 'train/good')}": expected the MVTec training folder`)
  })

  it('reads a defect type without a ground_truth folder as labelled per image, without masks', async () => {
    await makeMvtec()
    await rm(join(root, 'ground_truth'), { recursive: true })
    const data = await load()
    expect(data.test.map((i) => [i.name, i.label, i.maskPath])).toEqual([
      ['test/crack/000.png', 1, undefined],
      ['test/crack/001.png', 1, undefined],
      ['test/good/000.png', 0, undefined],
    ])
  })

  it('names the mask a defect image lacks', async () => {
    await makeMvtec()
    await rm(join(root, 'ground_truth/crack/001_mask.png'))
    await expect(load()).rejects.toThrow(/001_mask\.png": expected the ground-truth mask of defect image test\/crack\/001\.png/)
  })

  it('names a mask whose image is missing', async () => {
    await makeMvtec()
    await png(join(root, 'ground_truth/crack/007_mask.png'))
    await expect(load()).rejects.toThrow(/007_mask\.png": expected a test image test\/crack\/007/)
  })

  it('names a mask whose size differs from its image', async () => {
    await makeMvtec()
    await png(join(root, 'ground_truth/crack/000_mask.png'), 9, 255)
    await expect(load()).rejects.toThrow(/000_mask\.png": expected a mask of the size of its image test\/crack\/000\.png \(8x8\), found 9x9/)
  })

  it('names an unreadable image', async () => {
    await makeMvtec()
    await writeFile(join(root, 'train/good/001.png'), 'not a png')
    await expect(load()).rejects.toThrow(/train\/good\/001\.png": expected a readable image, found a file that cannot be decoded/)
  })
})

describe('loadFolderDataset, folder layout', () => {
  it('holds out the last good images for testing and lists defects', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e']) await png(join(root, 'good', `${name}.png`))
    await png(join(root, 'defect/x.png'))
    const data = await loadFolderDataset({ root, layout: 'auto', imageSize: 16, holdoutGood: 0.4 })
    expect(data.layout).toBe('folder')
    expect(data.train.map((i) => i.name)).toEqual(['good/a.png', 'good/b.png', 'good/c.png'])
    expect(data.test.map((i) => [i.name, i.label])).toEqual([
      ['good/d.png', 0],
      ['good/e.png', 0],
      ['defect/x.png', 1],
    ])
  })

  it('refuses a folder with neither layout, naming it', async () => {
    await mkdir(join(root, 'images'))
    await expect(load()).rejects.toThrow(`"${root}": expected an MVTec layout`)
  })

  it('refuses a missing root', async () => {
    await expect(loadFolderDataset({ root: join(root, 'nope'), layout: 'folder', imageSize: 16 })).rejects.toThrow(/nope": expected a dataset directory, found no such directory/)
  })
})
