import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { testContext } from '../../test/node-test-context'
import { createRandom } from '../contract/random'
import { createEngines } from '../engine/create-engines'
import type { PatchFeaturesValue } from '../features/features-value'
import type { MemoryBankValue } from '../memorybank/memorybank-value'
import { anomalyMapNode } from '../nodes/anomaly/anomaly-map'
import { memorybankBuildNode } from '../nodes/memorybank/memorybank-build'
import { scoreKnnNode } from '../nodes/score/score-knn'
import { scoreLdknnNode } from '../nodes/score/score-ldknn'
import { pixelMapFromPatches } from './anomaly-maps'
import type { PatchScoresValue } from './patch-scores-value'
import { fastPixelMap } from './pixel-map-operator'
import { computeCoreDensities, type InspectionScoring, prepareInspectionBank, scoreImages, scoreOneImage } from './score-one-image'
import type { ScoresValue } from './scores-value'

let dir: string
// small search blocks, so the graph's search really splits the bank into several blocks
const engines = createEngines({ threads: 1, searchBlocks: { queryBlock: 40, bankBlock: 50 } })
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'if-one-image-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Seeded clustered patch features [n, 8, 8, 12] (12 x 12 images... of 32 px). */
function features(n: number, split: 'train' | 'test', seed: string, shift: number): PatchFeaturesValue {
  const rng = createRandom(seed)
  const centres = Array.from({ length: 5 }, () => Array.from({ length: 12 }, () => rng.normal() * 3))
  const data = new Float32Array(n * 8 * 8 * 12)
  for (let p = 0; p < n * 64; p++) {
    const centre = centres[rng.int(0, 4)] as number[]
    for (let c = 0; c < 12; c++) data[p * 12 + c] = (centre[c] as number) + rng.normal() + shift
  }
  const images = Array.from({ length: n }, (_, i) => ({ path: `/x/${split}${i}.png`, name: `${split}/${i}.png`, label: 0 as const, defectType: 'good' }))
  return { features: { dtype: 'float32', shape: [n, 8, 8, 12], data }, images, imageSize: 32, split }
}

function relError(a: number, b: number, floor = 0): number {
  const scale = Math.max(Math.abs(a), Math.abs(b), floor)
  return scale === 0 ? 0 : Math.abs(a - b) / scale
}

/** Largest relative difference of two maps, values below 1e-6 of the largest counting as equal. */
function mapError(a: Float32Array, b: Float32Array): number {
  const floor = 1e-6 * Math.max(...Array.from(b, Math.abs))
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, relError(a[i] as number, b[i] as number, floor))
  return worst
}

/** The graph's numbers: the scoring node, then anomaly.map (with mapScores from nearestDistances when asked). */
async function graphScores(bank: MemoryBankValue, test: PatchFeaturesValue, scoring: InspectionScoring): Promise<ScoresValue> {
  const ctx = testContext(dir, { nodeId: 'score', engines })
  const out = scoring.scorer === 'ldknn'
    ? ((await scoreLdknnNode.run(ctx, { bank, features: test }, { k: scoring.k, alpha: scoring.alpha })) as { patchScores: PatchScoresValue; nearestDistances: PatchScoresValue })
    : ((await scoreKnnNode.run(ctx, { bank, features: test }, { k: scoring.k })) as { patchScores: PatchScoresValue; nearestDistances?: PatchScoresValue })
  const inputs = scoring.mapScores === 'nearestDistances' ? { patchScores: out.patchScores, mapScores: out.nearestDistances } : { patchScores: out.patchScores }
  return ((await anomalyMapNode.run(testContext(dir, { nodeId: 'map' }), inputs, { sigma: scoring.sigma, imageScore: scoring.imageScore })) as { scores: ScoresValue }).scores
}

describe('scoreOneImage', () => {
  const cases: [string, number, InspectionScoring][] = [
    ['LDKNN, coreset, maps from nearest distances (the template)', 0.25, { scorer: 'ldknn', k: 3, alpha: 1, imageScore: 'block-mean-max', sigma: 4, mapScores: 'nearestDistances' }],
    ['LDKNN, full bank, maps from LDKNN scores', 1, { scorer: 'ldknn', k: 2, alpha: 0.5, imageScore: 'max', sigma: 2, mapScores: 'patchScores' }],
    ['kNN k=2, coreset', 0.5, { scorer: 'knn', k: 2, alpha: 0, imageScore: 'block-mean-max', sigma: 4, mapScores: 'patchScores' }],
  ]
  for (const [name, ratio, scoring] of cases) {
    it(`gives the graph's image scores and maps to 1e-5: ${name}`, async () => {
      const train = features(6, 'train', `train-${name}`, 0)
      const test = features(3, 'test', `test-${name}`, 0.3)
      const bankCtx = testContext(dir, { nodeId: 'bank', engines })
      const { bank } = (await memorybankBuildNode.run(bankCtx, { features: train }, { coresetRatio: ratio, projectionDim: 6, startPoints: 10 })) as { bank: MemoryBankValue }
      const expected = await graphScores(bank, test, scoring)
      const densities = scoring.scorer === 'ldknn' ? await computeCoreDensities(engines, bank, scoring.k) : undefined
      const prepared = await prepareInspectionBank(engines, { core: bank.core.data, rows: bank.core.shape[0] as number, dim: 12, ...(densities ? { densities } : {}) }, scoring)
      const batch = await scoreImages(prepared, test.features, 32)
      for (let i = 0; i < 3; i++) {
        const one = await scoreOneImage(prepared, { dtype: 'float32', shape: [8, 8, 12], data: test.features.data.slice(i * 768, (i + 1) * 768) }, 32)
        for (const got of [one, batch[i]]) {
          expect(relError(got?.imageScore as number, expected.imageScores[i] as number)).toBeLessThan(1e-5)
          expect(mapError(got?.pixelMap as Float32Array, expected.pixelMaps.data.subarray(i * 1024, (i + 1) * 1024))).toBeLessThan(1e-5)
          expect(mapError(got?.patchScores as Float32Array, expected.patchMaps.data.subarray(i * 64, (i + 1) * 64))).toBeLessThan(1e-5)
        }
      }
    })
  }

  it('refuses LDKNN without a density for every core entry, and knn maps from nearest distances', async () => {
    const scoring: InspectionScoring = { scorer: 'ldknn', k: 2, alpha: 1, imageScore: 'max', sigma: 4, mapScores: 'patchScores' }
    const core = new Float32Array(10 * 4)
    await expect(prepareInspectionBank(engines, { core, rows: 10, dim: 4 }, scoring)).rejects.toThrow(/10 core densities/)
    await expect(prepareInspectionBank(engines, { core, rows: 10, dim: 4, densities: new Float32Array(10).fill(Number.NaN) }, scoring)).rejects.toThrow(/NaN/)
    await expect(prepareInspectionBank(engines, { core, rows: 10, dim: 4 }, { ...scoring, scorer: 'knn', mapScores: 'nearestDistances' })).rejects.toThrow(/score.ldknn/)
  })
})

describe('fastPixelMap', () => {
  it('equals the step-by-step upsample and blur of anomaly-maps to float32 round-off', () => {
    const rng = createRandom('map')
    for (const [h, w, size, sigma] of [[32, 32, 256, 4], [7, 5, 40, 1.5], [3, 3, 9, 4]] as const) {
      const map = Float32Array.from({ length: h * w }, () => rng.uniform(0, 10))
      const fast = fastPixelMap(map, h, w, size, sigma)
      const slow = pixelMapFromPatches(map, h, w, size, sigma)
      expect(mapError(fast, slow)).toBeLessThan(1e-6)
    }
  })
})
