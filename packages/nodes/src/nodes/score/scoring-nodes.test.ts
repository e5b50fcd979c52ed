import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import type { NodeContext } from '../../contract/context'
import { NodeInputError } from '../../contract/errors'
import { createRandom } from '../../contract/random'
import type { DatasetImage, DatasetValue } from '../../datasets/dataset-value'
import { createEngines } from '../../engine/create-engines'
import type { PatchFeaturesValue } from '../../features/features-value'
import type { MemoryBankValue } from '../../memorybank/memorybank-value'
import { imageScoreFromPatches } from '../../scoring/anomaly-maps'
import type { ImageScoreReduction } from '../../scoring/patch-scores-to-scores'
import type { PatchScoresValue } from '../../scoring/patch-scores-value'
import type { ScoresValue } from '../../scoring/scores-value'
import { anomalyMapNode } from '../anomaly/anomaly-map'
import { bruteForceNeighbours } from '../../../test/scoring-fixtures'
import { datasetFolderNode } from '../dataset/dataset-folder'
import { memorybankBuildNode } from '../memorybank/memorybank-build'
import { scoreKnnNode } from './score-knn'
import { testContext } from '../../../test/node-test-context'
import { scoreLdknnNode } from './score-ldknn'

let dir: string
const engines = createEngines({ threads: 1 })
const progress: string[] = []

function contextFor(nodeId: string): NodeContext {
  return testContext(dir, { nodeId, engines, progress: (_done, _total, message) => void progress.push(message ?? '') })
}

/** Seeded patch features [n, 6, 6, 8] for fake images. */
function features(n: number, split: 'train' | 'test', seed: string, shift = 0): PatchFeaturesValue {
  const rng = createRandom(seed)
  const data = new Float32Array(n * 6 * 6 * 8).map(() => rng.normal() + shift)
  const images: DatasetImage[] = Array.from({ length: n }, (_, i) => ({ path: `/x/${i}.png`, name: `${split}/${i}.png`, label: 0, defectType: 'good' }))
  return { features: { dtype: 'float32', shape: [n, 6, 6, 8], data }, images, imageSize: 12, split }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'if-scoring-'))
  progress.length = 0
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('dataset.folder', () => {
  it('reads a folder layout through resolvePath', async () => {
    for (const name of ['good/a.png', 'good/b.png', 'scratch/x.png']) {
      await mkdir(join(dir, 'set', name, '..'), { recursive: true })
      await sharp(Buffer.alloc(4 * 4 * 3, 9), { raw: { width: 4, height: 4, channels: 3 } }).png().toFile(join(dir, 'set', name))
    }
    const params = { root: 'set', layout: 'folder' as const, imageSize: 32, holdoutGood: 0.5 }
    const { dataset } = (await datasetFolderNode.run(contextFor('data'), {}, params)) as { dataset: DatasetValue }
    expect(dataset.train.map((i) => i.name)).toEqual(['good/a.png'])
    expect(dataset.test.map((i) => [i.name, i.label])).toEqual([['good/b.png', 0], ['scratch/x.png', 1]])
    expect(dataset.imageSize).toBe(32)
    expect(await datasetFolderNode.fingerprint?.(contextFor('data'), params)).toBe(dataset.fingerprint)
    expect(dataset.fit).toBeUndefined()
    const cropped = ((await datasetFolderNode.run(contextFor('data'), {}, { ...params, fit: 'center-crop' })) as { dataset: DatasetValue }).dataset
    expect([cropped.fit, ...cropped.train.map((i) => i.fit), ...cropped.test.map((i) => i.fit)]).toEqual(['center-crop', 'center-crop', 'center-crop', 'center-crop'])
  })
})

describe('memorybank.build + score.ldknn / score.knn', () => {
  const bankParams = { coresetRatio: 1, projectionDim: 4, startPoints: 10 }
  const scoreParams = { k: 3, alpha: 1 }
  // small search blocks, so that the blocked search really splits these tiny matrices
  const engines = createEngines({ threads: 1, searchBlocks: { queryBlock: 50, bankBlock: 64 } })
  const scoreContext = (): NodeContext => testContext(dir, { nodeId: 'score', engines, progress: (_d, _t, message) => void progress.push(message ?? '') })
  const mapsOf = async (patchScores: PatchScoresValue, params: { sigma: number; imageScore: ImageScoreReduction } = { sigma: 1, imageScore: 'block-mean-max' }) =>
    ((await anomalyMapNode.run(contextFor('map'), { patchScores }, params)) as { scores: ScoresValue }).scores

  it('scores every test patch with LDKNN and builds image scores and pixel maps', async () => {
    const train = features(4, 'train', 'train')
    const test = features(2, 'test', 'test', 0.5)
    const { bank } = (await memorybankBuildNode.run(contextFor('bank'), { features: train }, bankParams)) as { bank: MemoryBankValue }
    const { patchScores } = (await scoreLdknnNode.run(scoreContext(), { bank, features: test }, scoreParams)) as { patchScores: PatchScoresValue }
    const scores = await mapsOf(patchScores)
    expect(scores.patchMaps.shape).toEqual([2, 6, 6])
    expect(scores.pixelMaps.shape).toEqual([2, 12, 12])
    expect(scores.method).toBe('LDKNN K=3 alpha=1, full bank (144 patches), squared L2')
    const bankMatrix = { data: bank.core.data, rows: 144, dim: 8 }
    const queries = { data: test.features.data, rows: 72, dim: 8 }
    for (const q of [0, 17, 71]) {
      const [nearest] = bruteForceNeighbours(queries, q, bankMatrix) as [{ d: number; j: number }]
      const rho = bruteForceNeighbours(bankMatrix, nearest.j, bankMatrix).filter((n) => n.j !== nearest.j).slice(0, 3).reduce((s, n) => s + n.d, 0) / 3
      expect(scores.patchMaps.data[q]).toBeCloseTo(nearest.d - rho, 3)
    }
    expect(scores.imageScores[1]).toBeCloseTo(imageScoreFromPatches(scores.patchMaps.data.subarray(36, 72), 6, 6), 6)
    expect(progress).toContain('local densities')
    // the densities of the distinct nearest entries were computed by this call, and say so
    expect(scores.timing?.densitiesComputed).toBe(new Set(Array.from({ length: 72 }, (_, q) => (bruteForceNeighbours(queries, q, bankMatrix)[0] as { j: number }).j)).size)
    const again = (await scoreLdknnNode.run(scoreContext(), { bank, features: test }, scoreParams)) as { patchScores: PatchScoresValue }
    expect(again.patchScores.timing?.densitiesComputed).toBe(0)
  })

  it('scores with kNN against a coreset bank', async () => {
    const train = features(4, 'train', 'train-2')
    const test = features(1, 'test', 'test-2')
    const { bank } = (await memorybankBuildNode.run(contextFor('bank'), { features: train }, { ...bankParams, coresetRatio: 0.5 })) as { bank: MemoryBankValue }
    expect(bank.core.shape).toEqual([72, 8])
    const { patchScores } = (await scoreKnnNode.run(scoreContext(), { bank, features: test }, { k: 1 })) as { patchScores: PatchScoresValue }
    const scores = await mapsOf(patchScores)
    expect(scores.method).toBe('kNN k=1, coreset 0.5 (72 of 144 patches), squared L2')
    const core = { data: bank.core.data, rows: 72, dim: 8 }
    const [nearest] = bruteForceNeighbours({ data: test.features.data, rows: 36, dim: 8 }, 5, core) as [{ d: number; j: number }]
    expect(scores.patchMaps.data[5]).toBeCloseTo(nearest.d, 3)
    expect(scores.timing).toMatchObject({ densityMs: 0, densitiesComputed: 0 })
  })

  it('names the mismatch when test features and bank differ in dimension', async () => {
    const { bank } = (await memorybankBuildNode.run(contextFor('bank'), { features: features(1, 'train', 't') }, bankParams)) as { bank: MemoryBankValue }
    const wrong = features(1, 'test', 'w')
    wrong.features = { dtype: 'float32', shape: [1, 6, 6, 4], data: new Float32Array(144 * 2 / 2) }
    await expect(scoreLdknnNode.run(contextFor('score'), { bank, features: wrong }, scoreParams)).rejects.toThrow(NodeInputError)
    await expect(scoreLdknnNode.run(contextFor('score'), { bank, features: wrong }, scoreParams)).rejects.toThrow(/features: expected 8-dimensional patches like the memory bank, found 4/)
  })

  it('builds maps in anomaly.map: sigma and the image-score rule change the maps, never the patch scores', async () => {
    const { bank } = (await memorybankBuildNode.run(contextFor('bank'), { features: features(3, 'train', 'm') }, bankParams)) as { bank: MemoryBankValue }
    const { patchScores } = (await scoreKnnNode.run(scoreContext(), { bank, features: features(2, 'test', 'mt', 0.3) }, { k: 1 })) as { patchScores: PatchScoresValue }
    const sharp1 = await mapsOf(patchScores, { sigma: 1, imageScore: 'block-mean-max' })
    const smooth = await mapsOf(patchScores, { sigma: 8, imageScore: 'block-mean-max' })
    const peak = await mapsOf(patchScores, { sigma: 1, imageScore: 'max' })
    expect(sharp1.patchMaps.data).toBe(patchScores.patchMaps.data)
    expect(sharp1.imageScores).toEqual(smooth.imageScores)
    expect(Array.from(sharp1.pixelMaps.data)).not.toEqual(Array.from(smooth.pixelMaps.data))
    const first = patchScores.patchMaps.data.subarray(0, 36)
    expect(peak.imageScores[0]).toBeCloseTo(Math.max(...first), 6)
    expect(sharp1.imageScores[0]).toBeCloseTo(imageScoreFromPatches(first, 6, 6), 6)
    expect(sharp1.imageScores[0]).toBeLessThan(peak.imageScores[0] as number)
    expect(sharp1.method).toBe(patchScores.method)
  })

  it('warns when the scored features are the training images (one extractor wired to bank and scorer)', async () => {
    const train = features(2, 'train', 'same')
    const { bank } = (await memorybankBuildNode.run(contextFor('bank'), { features: train }, bankParams)) as { bank: MemoryBankValue }
    const ctx = testContext(dir, { nodeId: 'score', engines })
    await scoreKnnNode.run(ctx, { bank, features: train }, { k: 1 })
    expect(ctx.logs.join('\n')).toMatch(/warn: scoring the TRAIN images/)
    const clean = testContext(dir, { nodeId: 'score', engines })
    await scoreKnnNode.run(clean, { bank, features: features(1, 'test', 'other') }, { k: 1 })
    expect(clean.logs.join('\n')).not.toMatch(/TRAIN/)
  })

  it('lets the maps come from the plain nearest distances while the image scores stay LDKNN', async () => {
    const { bank } = (await memorybankBuildNode.run(contextFor('bank'), { features: features(3, 'train', 'n') }, bankParams)) as { bank: MemoryBankValue }
    const test = features(2, 'test', 'nt', 0.4)
    const out = (await scoreLdknnNode.run(scoreContext(), { bank, features: test }, scoreParams)) as { patchScores: PatchScoresValue; nearestDistances: PatchScoresValue }
    const bankMatrix = { data: bank.core.data, rows: 108, dim: 8 }
    const [nearest] = bruteForceNeighbours({ data: test.features.data, rows: 72, dim: 8 }, 9, bankMatrix) as [{ d: number; j: number }]
    expect(out.nearestDistances.patchMaps.data[9]).toBeCloseTo(nearest.d, 3)
    const params = { sigma: 1, imageScore: 'block-mean-max' as const }
    const run = async (inputs: Record<string, unknown>) => ((await anomalyMapNode.run(contextFor('map'), inputs, params)) as { scores: ScoresValue }).scores
    const combined = await run({ patchScores: out.patchScores, mapScores: out.nearestDistances })
    const ldknnOnly = await run({ patchScores: out.patchScores })
    const knnOnly = await run({ patchScores: out.nearestDistances })
    expect(combined.imageScores).toEqual(ldknnOnly.imageScores)
    expect(Array.from(combined.pixelMaps.data)).toEqual(Array.from(knnOnly.pixelMaps.data))
    expect(combined.method).toMatch(/^LDKNN .*; maps from nearest neighbour/)
    const other = features(1, 'test', 'x')
    const mismatched = (await scoreKnnNode.run(scoreContext(), { bank, features: other }, { k: 1 })) as { patchScores: PatchScoresValue }
    await expect(run({ patchScores: out.patchScores, mapScores: mismatched.patchScores })).rejects.toThrow(/mapScores: expected patch scores of the same 2 images/)
  })
})
