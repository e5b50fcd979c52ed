import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { COMPLETE_MARKER, ensureSyntheticDataset, type SyntheticOptions } from './generate'

// Probe of issue 14 item 1 (synthetic folder cache): a generated file damaged after the folder was
// marked complete must not be reused; the folder is regenerated and works again.

const options: SyntheticOptions = { kind: 'fabric', seed: 3, trainCount: 3, testGood: 1, testDefectPerType: 1, imageSize: 48, defectTypes: ['scratch'] }

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'syn-damaged-'))
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('a cached synthetic folder', () => {
  it('is regenerated when one of its PNGs was overwritten with garbage', async () => {
    const first = await ensureSyntheticDataset(root, options)
    const victim = first.dataset.train[1]?.path as string
    const good = await readFile(victim)
    await writeFile(victim, Buffer.from('not a png at all'))
    const second = await ensureSyntheticDataset(root, options)
    expect(second.reused).toBe(false)
    expect(await readFile(victim)).toEqual(good)
    expect((await sharp(victim).metadata()).width).toBe(48)
    expect((await ensureSyntheticDataset(root, options)).reused).toBe(true)
  })

  it('is regenerated when a mask is missing, or when the marker only names the fingerprint (older format)', async () => {
    const first = await ensureSyntheticDataset(root, options)
    const mask = first.dataset.test.find((image) => image.maskPath)?.maskPath as string
    await rm(mask)
    expect((await ensureSyntheticDataset(root, options)).reused).toBe(false)
    const marker = JSON.parse(await readFile(join(root, COMPLETE_MARKER), 'utf8')) as { fingerprint: string }
    await writeFile(join(root, COMPLETE_MARKER), `${marker.fingerprint}\n`)
    expect((await ensureSyntheticDataset(root, options)).reused).toBe(false)
  })
})
