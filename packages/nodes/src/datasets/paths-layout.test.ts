import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { loadFolderDataset } from './load-folder-dataset'
import { commonRoot } from './paths-layout'

let root: string

async function png(path: string, size = 8, value = 128): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await sharp(Buffer.alloc(size * size, value), { raw: { width: size, height: size, channels: 1 } }).png().toFile(path)
}

async function goods(count: number, dir = 'line/good'): Promise<void> {
  for (let i = 0; i < count; i++) await png(join(root, dir, `${String(i).padStart(3, '0')}.png`))
}

const load = (folders: Record<string, string>, holdoutGood = 0.2, holdoutSeed = 7) =>
  loadFolderDataset({ root, layout: 'paths', imageSize: 16, holdoutGood, folders: { normalDir: join(root, 'line/good'), ...folders, holdoutSeed } })

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'inspectflow-paths-'))
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('loadFolderDataset, folders named one by one', () => {
  it('accepts good images only: a seeded, reproducible hold-out becomes the test set', async () => {
    await goods(10)
    const data = await load({})
    expect(data.layout).toBe('paths')
    expect(data.train).toHaveLength(8)
    expect(data.test).toHaveLength(2)
    expect(data.test.every((i) => i.label === 0 && i.defectType === 'good')).toBe(true)
    expect(data.test.map((i) => i.name)).toEqual((await load({})).test.map((i) => i.name))
    const other = await load({}, 0.2, 8)
    expect(new Set([...data.test, ...other.test].map((i) => i.name)).size).toBeGreaterThan(2)
    expect(data.train.every((i) => i.name.startsWith('good/'))).toBe(true)
  })

  it('reads defective images by type with their masks, separate test goods, and unlabelled new images', async () => {
    await goods(3)
    await goods(2, 'line/test-good')
    await png(join(root, 'line/bad/scratch/a.png'))
    await png(join(root, 'line/bad/dent/b.png'))
    await png(join(root, 'line/bad/c.png'))
    await png(join(root, 'line/masks/scratch/a_mask.png'), 8, 255)
    await png(join(root, 'line/masks/dent/b.png'), 8, 255)
    await png(join(root, 'line/masks/c.png'), 8, 255)
    await png(join(root, 'line/new/cam1.png'))
    const data = await load({ abnormalDir: join(root, 'line/bad'), maskDir: join(root, 'line/masks'), testNormalDir: join(root, 'line/test-good'), inspectDir: join(root, 'line/new') })
    expect(data.root).toBe(join(root, 'line'))
    expect(data.train).toHaveLength(3)
    expect(data.test.map((i) => [i.name, i.label, i.defectType, Boolean(i.maskPath), i.inspect ?? false])).toEqual([
      ['test-good/000.png', 0, 'good', false, false],
      ['test-good/001.png', 0, 'good', false, false],
      ['bad/c.png', 1, 'defect', true, false],
      ['bad/dent/b.png', 1, 'dent', true, false],
      ['bad/scratch/a.png', 1, 'scratch', true, false],
      ['new/cam1.png', 0, 'unlabelled', false, true],
    ])
  })

  it('names the missing folder, the mask a defective image lacks and a corrupt file', async () => {
    await expect(load({})).rejects.toThrow(/line\/good": expected a directory of images, found no such directory/)
    await goods(3)
    await png(join(root, 'line/bad/x.png'))
    await mkdir(join(root, 'line/masks'))
    await expect(load({ abnormalDir: join(root, 'line/bad'), maskDir: join(root, 'line/masks') })).rejects.toThrow(/x_mask\.png": expected a mask of defective image bad\/x\.png in maskDir/)
    const { writeFile } = await import('node:fs/promises')
    await writeFile(join(root, 'line/good/001.png'), 'not a png')
    await expect(load({})).rejects.toThrow(/good\/001\.png": expected a readable image, found a file that cannot be decoded/)
  })

  it('takes the common folder of the given ones as the root image names are relative to', () => {
    expect(commonRoot(['/data/line/good', '/data/line/new'])).toBe('/data/line')
    expect(commonRoot(['/data/line/good'])).toBe('/data/line')
    expect(commonRoot(['/data/a/good', '/other/new'])).toBe('/')
  })
})
