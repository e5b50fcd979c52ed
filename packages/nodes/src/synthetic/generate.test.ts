import { mkdtemp, readFile, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { paintDefect } from './defects'
import { ensureSyntheticDataset, generateSyntheticDataset, type SyntheticOptions } from './generate'
import { renderScene } from './scenes'

const options: SyntheticOptions = { kind: 'fabric', seed: 3, trainCount: 3, testGood: 2, testDefectPerType: 1, imageSize: 64, defectTypes: ['scratch', 'hole', 'stain', 'missing'] }

describe('synthetic dataset', () => {
  it('writes the MVTec layout with one exact mask per anomalous image', async () => {
    const root = await mkdtemp(join(tmpdir(), 'syn-'))
    const dataset = await generateSyntheticDataset(root, options)
    expect(dataset.layout).toBe('synthetic')
    expect(dataset.train.map((im) => im.name)).toEqual(['train/good/000.png', 'train/good/001.png', 'train/good/002.png'])
    expect(dataset.test.filter((im) => im.label === 1).map((im) => im.defectType)).toEqual(['scratch', 'hole', 'stain', 'missing'])
    const hole = dataset.test.find((im) => im.defectType === 'hole')!
    expect(hole.maskPath).toBe(join(root, 'ground_truth/hole/000_mask.png'))
    const meta = await sharp(hole.maskPath!).metadata()
    expect([meta.width, meta.height, meta.channels]).toEqual([64, 64, 1])
    const { data } = await sharp(hole.maskPath!).greyscale().raw().toBuffer({ resolveWithObject: true })
    const positives = [...data].filter((v) => v === 255).length
    expect(positives).toBeGreaterThan(10)
    expect(positives + [...data].filter((v) => v === 0).length).toBe(64 * 64)
  })
  it('is deterministic for a seed and differs between seeds', async () => {
    const [a, b, c] = await Promise.all([0, 1, 2].map(() => mkdtemp(join(tmpdir(), 'syn-'))))
    await generateSyntheticDataset(a!, options)
    await generateSyntheticDataset(b!, options)
    await generateSyntheticDataset(c!, { ...options, seed: 4 })
    const file = 'test/stain/000.png'
    const [fa, fb, fc] = await Promise.all([a, b, c].map((root) => readFile(join(root!, file))))
    expect(fa!.equals(fb!)).toBe(true)
    expect(fa!.equals(fc!)).toBe(false)
  })
  it('varies normal images and changes exactly the masked pixels when painting a defect', () => {
    for (const kind of ['fabric', 'metal', 'part'] as const) {
      const clean = renderScene(kind, createRandom('same'), 64)
      const damaged = renderScene(kind, createRandom('same'), 64)
      const mask = paintDefect(kind === 'part' ? 'missing' : 'stain', damaged, createRandom('defect'))
      let changedOutside = 0
      let changedInside = 0
      for (let k = 0; k < 64 * 64; k++) {
        const changed = [0, 1, 2].some((c) => Math.abs(clean.canvas.data[k * 3 + c]! - damaged.canvas.data[k * 3 + c]!) > 1e-6)
        if (changed && mask[k] === 0) changedOutside++
        if (changed && mask[k] === 1) changedInside++
      }
      expect(changedOutside).toBe(0)
      expect(changedInside).toBeGreaterThan(0.8 * mask.reduce((s, m) => s + m, 0))
      const other = renderScene(kind, createRandom('other'), 64)
      const difference = clean.canvas.data.reduce((s, v, k) => s + Math.abs(v - other.canvas.data[k]!), 0) / clean.canvas.data.length
      expect(difference).toBeGreaterThan(0.005)
    }
  })
  it('reuses a complete folder and refuses bad counts by name', async () => {
    const root = await mkdtemp(join(tmpdir(), 'syn-'))
    const first = await ensureSyntheticDataset(root, options)
    const before = (await stat(join(root, 'train/good/000.png'))).mtimeMs
    const second = await ensureSyntheticDataset(root, options)
    expect(first.reused).toBe(false)
    expect(second.reused).toBe(true)
    expect(second.dataset).toEqual(first.dataset)
    expect((await stat(join(root, 'train/good/000.png'))).mtimeMs).toBe(before)
    await expect(generateSyntheticDataset(root, { ...options, trainCount: 0 })).rejects.toThrow(/trainCount/)
  })
})
