/**
 * Patch-level parity with the REB reference implementation (issue 16 item 4), opt-in: set
 * INSPECTFLOW_PARITY=1. Needs ../shared/fixtures/reference-bottle-r18, the ResNet18 trunk in
 * ../shared/weights and MVTec AD bottle in ../shared/datasets; skipped with the reason otherwise.
 *
 * The check reproduces the reference's BatchNorm statistics shift (bn-statistics-shift.ts) on a copy of
 * the weights, runs graphs/reb-mvtec.json on bottle with Pillow's exact bicubic resize, and holds every
 * number of the chain to the fixture: the first two test images' embeddings, the bank's size, every LDKNN
 * patch score, the image scores and the pixel maps drawn from the patch scores. Residuals are printed.
 *
 * One more reference quirk decides the LDKNN numbers (REB-METHOD.md section 11 item 5): the reference drops a
 * bank entry's self-match from its K+1 neighbours only when faiss returns a distance of exactly 0, and its
 * BLAS distances (|x|^2 + |y|^2 - 2xy in float32) leave many self-distances a rounding error above 0; those
 * entries keep themselves as a neighbour and lose their K-th. The product removes the self-match by index.
 * Which entries round to 0 is up to the reference's BLAS, so the check computes both rules for every patch
 * (self kept: d1 - (K-1)/K * density over K-1 others, from a second scorer with K-1) and requires the
 * reference's score to be one of the two. A few dozen patches have two bank entries at the same distance
 * to float32 rounding (gaps of 1e-5), and the two searches pick different ones: for those the check
 * searches the bank exactly (nearest-entry-near-ties.ts) and accepts a runner-up within 1e-3 of the
 * nearest distance under either rule. Image scores and maps are then compared with the outcome the
 * reference had at each patch.
 */
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import type { GraphFile } from '@inspectflow/graph-schema'
import {
  createEngines,
  imageScoreFromPatches,
  createRegistry,
  encodeSafetensors,
  type FloatTensor,
  type MemoryBankValue,
  type PatchFeaturesValue,
  pixelMapFromPatches,
  readSafetensors,
  type ScoresValue,
} from '@inspectflow/nodes'
import { beforeAll, describe, expect, it } from 'vitest'

import { executeGraph } from '../../apps/runtime/src/executor/execute-graph'
import { shiftBatchNormStatistics } from './bn-statistics-shift'
import { nearTieScores } from './nearest-entry-near-ties'
import { residual, residualLine } from './tensor-residual'

const REPO = join(import.meta.dirname, '../..')
const SHARED = process.env.INSPECTFLOW_SHARED ?? join(REPO, '../shared')
const FIXTURE = join(SHARED, 'fixtures/reference-bottle-r18')
const WEIGHTS = join(SHARED, 'weights/resnet18-imagenet-trunk.safetensors')
const BOTTLE = join(SHARED, 'datasets/mvtec_ad/bottle')
/** "to 1e-3": |ours - reference| <= 1e-3 * max(|reference|, 1) for every number. */
const TOLERANCE = 1e-3

function skipReason(): string | undefined {
  if (process.env.INSPECTFLOW_PARITY !== '1') return 'opt-in: set INSPECTFLOW_PARITY=1 (full bottle bank, several minutes on 2 cores)'
  if (!existsSync(join(FIXTURE, 'reference.safetensors'))) return `no reference fixture at ${FIXTURE}`
  if (!existsSync(WEIGHTS)) return `no ResNet18 trunk at ${WEIGHTS}`
  if (!existsSync(join(BOTTLE, 'train/good'))) return `no MVTec AD bottle at ${BOTTLE}`
  return undefined
}
const REASON = skipReason()

interface Fixture {
  embeddings: FloatTensor
  patchScores: FloatTensor
  scores: { test: { image: string; label: number; score: number }[]; embedded_images: string[]; train_order: string[] }
}

/** What score.ldknn's patchScores port carries (the parts this check reads). */
interface PatchScoresOutput {
  images: ScoresValue['images']
  patchMaps: FloatTensor
}

interface Ours {
  features: PatchFeaturesValue
  bank: MemoryBankValue
  /** LDKNN K=9 with the self-match removed by index (the product). */
  patchScores: PatchScoresOutput
  /** LDKNN K=8 on the same search, for the reference's self-kept rule. */
  patchScoresKMinus1: PatchScoresOutput
  nearest: PatchScoresOutput
  scores: ScoresValue
}

const K = 9
const within = (a: number, b: number) => Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(b), 1)

const lines: string[] = []
const report = (name: string, values: ArrayLike<number>, reference: ArrayLike<number>) => {
  const r = residual(values, reference)
  lines.push(residualLine(name, r))
  return r
}

describe.skipIf(REASON !== undefined)('patch-level parity with the REB reference (bottle, ResNet18)', () => {
  let fixture: Fixture
  let ours: Ours
  let order: number[]

  beforeAll(async () => {
    const reference = await readSafetensors(join(FIXTURE, 'reference.safetensors'))
    fixture = {
      embeddings: reference.tensors.first_test_embeddings as FloatTensor,
      patchScores: reference.tensors.patch_scores as FloatTensor,
      scores: JSON.parse(readFileSync(join(FIXTURE, 'scores.json'), 'utf8')) as Fixture['scores'],
    }
    const work = join(REPO, '.inspectflow', 'parity')
    await mkdir(work, { recursive: true })
    const trunk = await readSafetensors(WEIGHTS)
    const shiftedPath = join(work, 'resnet18-trunk-bn-shifted.safetensors')
    await writeFile(shiftedPath, encodeSafetensors(shiftBatchNormStatistics(trunk.tensors as Record<string, FloatTensor>)))
    ours = await runReferenceChain(shiftedPath, work)
    const byName = new Map(ours.patchScores.images.map((image, index) => [image.name, index]))
    order = fixture.scores.test.map((entry) => byName.get(entry.image) ?? -1)
  }, 3_600_000)

  it('reads the same test images', () => {
    expect(order.filter((index) => index < 0)).toEqual([])
    expect(order).toHaveLength(fixture.patchScores.shape[0] as number)
  })

  it('embeds the first two test images as the reference does', () => {
    const [, h, w, d] = fixture.embeddings.shape as [number, number, number, number]
    const size = h * w * d
    for (const [i, name] of fixture.scores.embedded_images.entries()) {
      const index = ours.features.images.findIndex((image) => image.name === name)
      const mine = ours.features.features.data.subarray(index * size, (index + 1) * size)
      const r = report(`embedding ${name}`, mine, fixture.embeddings.data.subarray(i * size, (i + 1) * size))
      expect(r.maxScaled, residualLine(name, r)).toBeLessThanOrEqual(TOLERANCE)
    }
  })

  it('builds the full bank of every train patch', () => {
    const rows = fixture.scores.train_order.length * (fixture.embeddings.shape[1] as number) * (fixture.embeddings.shape[2] as number)
    expect(ours.bank.core.shape).toEqual([rows, fixture.embeddings.shape[3]])
  })

  let memo: ReturnType<typeof perPatch> | undefined
  const outcomes = () => (memo ??= perPatch())

  /** Per patch in the fixture's order: our score, the self-kept score and which rule the reference used. */
  function perPatch() {
    const cells = (fixture.patchScores.shape[1] as number) * (fixture.patchScores.shape[2] as number)
    const removed = new Float32Array(fixture.patchScores.data.length)
    const kept = new Float32Array(removed.length)
    for (const [i, index] of order.entries()) {
      for (let c = 0; c < cells; c++) {
        const d1 = ours.nearest.patchMaps.data[index * cells + c] as number
        const k8 = ours.patchScoresKMinus1.patchMaps.data[index * cells + c] as number
        removed[i * cells + c] = ours.patchScores.patchMaps.data[index * cells + c] as number
        // self kept: the K distances are 0 and the K-1 nearest others, so the density is (K-1)/K of theirs
        kept[i * cells + c] = d1 - ((K - 1) / K) * (d1 - k8)
      }
    }
    const reference = fixture.patchScores.data
    const asReference = new Float32Array(removed.length)
    let selfRemoved = 0
    let selfKept = 0
    let nearTie = 0
    const neither: number[] = []
    const dim = ours.features.features.shape[3] as number
    for (let i = 0; i < removed.length; i++) {
      const ref = reference[i] as number
      if (within(removed[i] as number, ref)) {
        selfRemoved++
        asReference[i] = removed[i] as number
      } else if (within(kept[i] as number, ref)) {
        selfKept++
        asReference[i] = kept[i] as number
      } else {
        const index = order[Math.floor(i / cells)] as number
        const query = ours.features.features.data.subarray((index * cells + (i % cells)) * dim, (index * cells + (i % cells) + 1) * dim)
        const match = nearTieScores(query, ours.bank.core, K).find((score) => within(score, ref))
        if (match === undefined) neither.push(i)
        else nearTie++
        asReference[i] = match ?? (removed[i] as number)
      }
    }
    return { removed, kept, asReference, selfRemoved, selfKept, nearTie, neither }
  }

  it('scores every patch with LDKNN as the reference does, under one of its two self-match outcomes', () => {
    const { removed, asReference, selfRemoved, selfKept, nearTie, neither } = outcomes()
    report('LDKNN, self removed (ours)', removed, fixture.patchScores.data)
    const r = report('LDKNN, reference rule', asReference, fixture.patchScores.data)
    lines.push(`patches: ${selfRemoved} match the self-removed score, ${selfKept} the self-kept score, ${nearTie} a near-tie nearest entry, ${neither.length} none (first: ${neither.slice(0, 5).join(', ')})`)
    expect(neither, lines.at(-1)).toEqual([])
    expect(r.maxScaled).toBeLessThanOrEqual(TOLERANCE)
  })

  it('gives the reference image scores and maps', () => {
    const { asReference } = outcomes()
    const [, h, w] = fixture.patchScores.shape as [number, number, number]
    const cells = h * w
    const reference = fixture.patchScores.data
    // the image score rule on the fixture's own patch scores gives the fixture's image scores
    const fromFixture = fixture.scores.test.map((_, i) => imageScoreFromPatches(reference.subarray(i * cells, (i + 1) * cells), h, w))
    const rule = report('image score rule on fixture', fromFixture, fixture.scores.test.map((entry) => entry.score))
    const mine = fixture.scores.test.map((_, i) => imageScoreFromPatches(asReference.subarray(i * cells, (i + 1) * cells), h, w))
    const scores = report('image scores, reference rule', mine, fixture.scores.test.map((entry) => entry.score))
    const product = report('image scores, ours', order.map((index) => ours.scores.imageScores[index] as number), fixture.scores.test.map((entry) => entry.score))
    const size = ours.scores.pixelMaps.shape[1] as number
    let maps = { maxScaled: 0 }
    for (const [i] of order.entries()) {
      const r = residual(pixelMapFromPatches(asReference.subarray(i * cells, (i + 1) * cells), h, w, size), pixelMapFromPatches(reference.subarray(i * cells, (i + 1) * cells), h, w, size))
      if (r.maxScaled > maps.maxScaled) maps = r
    }
    lines.push(`pixel maps, reference rule: worst image max scaled ${maps.maxScaled.toExponential(2)}`)
    process.stdout.write(`\nreference parity residuals:\n${lines.join('\n')}\n`)
    expect(rule.maxScaled, residualLine('rule', rule)).toBeLessThanOrEqual(TOLERANCE)
    expect(scores.maxScaled, residualLine('image scores', scores)).toBeLessThanOrEqual(TOLERANCE)
    expect(product.correlation).toBeGreaterThan(0.99)
    expect(maps.maxScaled).toBeLessThanOrEqual(TOLERANCE)
  })
})

if (REASON !== undefined) {
  describe('patch-level parity with the REB reference (bottle, ResNet18)', () => {
    it.skip(REASON, () => {})
  })
}

/** graphs/reb-mvtec.json on bottle with the shifted weights, Pillow's bicubic and LDKNN maps, to the scores. */
async function runReferenceChain(weights: string, work: string): Promise<Ours> {
  const graph = JSON.parse(readFileSync(join(REPO, 'graphs/reb-mvtec.json'), 'utf8')) as GraphFile
  const data = graph.nodes.find((node) => node.id === 'data') as GraphFile['nodes'][number]
  data.params = { ...data.params, resample: 'pillow-bicubic' }
  // the fixture's maps are LDKNN maps: draw them from the LDKNN patch scores, not the nearest distances
  graph.edges = graph.edges.filter((edge) => !(edge.to.node === 'score-map' && edge.to.port === 'mapScores'))
  // the same search with K-1 neighbours, for the reference's self-kept rule
  graph.nodes.push({ id: 'score-k-minus-1', type: 'score.ldknn', typeVersion: 2, params: { k: K - 1, alpha: 1 } })
  graph.edges.push(
    { from: { node: 'bank', port: 'bank' }, to: { node: 'score-k-minus-1', port: 'bank' } },
    { from: { node: 'testFeatures', port: 'features' }, to: { node: 'score-k-minus-1', port: 'features' } },
  )
  const targets = ['testFeatures.features', 'bank.bank', 'score.patchScores', 'score.nearestDistances', 'score-k-minus-1.patchScores', 'score-map.scores']
  const result = await executeGraph({
    runId: 'reference-parity',
    graph,
    registry: createRegistry(),
    engines: createEngines({}),
    overrides: { dataRoot: BOTTLE, weights, coreset: 1, k: K, alpha: 1, finetuneUpdates: 0 },
    targets,
    cacheDir: join(work, 'cache'),
    artifactDir: join(work, 'artifacts'),
    baseDir: REPO,
    seed: 0,
    onEvent: (event) => {
      if (event.type === 'node:finished') process.stderr.write(`parity: ${event.nodeId} ${(event.ms / 1000).toFixed(1)} s\n`)
    },
  })
  if (result.status !== 'finished') throw new Error(`the reference chain did not finish: ${result.error?.message}`)
  const o = result.outputs
  return {
    features: o['testFeatures.features'] as PatchFeaturesValue,
    bank: o['bank.bank'] as MemoryBankValue,
    patchScores: o['score.patchScores'] as PatchScoresOutput,
    patchScoresKMinus1: o['score-k-minus-1.patchScores'] as PatchScoresOutput,
    nearest: o['score.nearestDistances'] as PatchScoresOutput,
    scores: o['score-map.scores'] as ScoresValue,
  }
}
