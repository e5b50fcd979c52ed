/**
 * Single-image scoring speed (`npm run bench:search`): bottle's 83 test images scored one at a time
 * against 1% and 10% coresets of bottle (R18, 256 px, 512-d, LDKNN K=9 alpha=1, maps from the nearest
 * distances, as graphs/reb-mvtec.json), with the per-bank work (densities, norms, session) done once.
 * Prints per-image p50/p99/min of scoreOneImage (what an inspection package runs): its nearest-neighbour
 * search (the scoring nodes' onnxruntime Gemm+TopK), its pixel map, and the whole call; and, for
 * comparison, anomaly.map's own pixelMapFromPatches on the same patch map.
 * and the largest relative difference of scoreOneImage's image scores and pixel maps from the graph's
 * own run (executeGraph of the template, cached under the system temp folder). Needs ../shared.
 * Usage: npx tsx tests/bench/search-one-image.ts [--ratios 0.01,0.1] [--repeat 2]
 */
import { parseArgs } from 'node:util'

import {
  computeCoreDensities,
  createEngines,
  type InspectionScoring,
  type MemoryBankValue,
  pixelMapFromPatches,
  prepareInspectionBank,
  type ScoresValue,
  scoreOneImage,
} from '@inspectflow/nodes'

import { graphOutputs, haveBottle } from './bottle-features'

const { values: args } = parseArgs({ options: { ratios: { type: 'string' }, repeat: { type: 'string' } } })
const ratios = (args.ratios ?? '0.01,0.1').split(',').map(Number)
const repeat = Number(args.repeat ?? 2)
const scoring: InspectionScoring = { scorer: 'ldknn', k: 9, alpha: 1, imageScore: 'block-mean-max', sigma: 4, mapScores: 'nearestDistances' }

function percentiles(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b)
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number
  return `p50 ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms, min ${(sorted[0] as number).toFixed(2)} ms`
}

function relError(a: number, b: number, floor = 0): number {
  const scale = Math.max(Math.abs(a), Math.abs(b), floor)
  return scale === 0 ? 0 : Math.abs(a - b) / scale
}

if (!haveBottle()) {
  process.stdout.write('search-one-image: ../shared (bottle, R18 weights) is absent; nothing to measure\n')
  process.exit(0)
}
const engines = createEngines({})
process.stdout.write(`single-image search on bottle, 83 test images x ${repeat}; shared machine, 2 cores, onnxruntime ${engines.describe().onnx.threads} threads\n`)
for (const ratio of ratios) {
  const outputs = await graphOutputs(engines, ratio, ['bank.bank', 'testFeatures.features', 'score-map.scores'])
  const bank = outputs['bank.bank'] as MemoryBankValue
  const test = outputs['testFeatures.features'] as { features: { data: Float32Array; shape: number[] } }
  const graph = outputs['score-map.scores'] as ScoresValue
  const [count, height, width, dim] = test.features.shape as [number, number, number, number]
  const patches = height * width
  const rows = bank.core.shape[0] as number
  let started = performance.now()
  const densities = await computeCoreDensities(engines, bank, scoring.k)
  const densityS = (performance.now() - started) / 1000
  started = performance.now()
  const prepared = await prepareInspectionBank(engines, { core: bank.core.data, rows, dim, densities }, scoring)
  const prepareMs = performance.now() - started
  const nodeMap: number[] = []
  const after = { search: [] as number[], map: [] as number[], total: [] as number[] }
  let worstImage = 0
  let worstPixel = 0
  for (let r = 0; r < repeat; r++) {
    for (let i = 0; i < count; i++) {
      const data = test.features.data.subarray(i * patches * dim, (i + 1) * patches * dim)
      const t = performance.now()
      const one = await scoreOneImage(prepared, { dtype: 'float32', shape: [height, width, dim], data }, 256)
      after.total.push(performance.now() - t)
      after.search.push(one.timing.searchMs)
      after.map.push(one.timing.mapMs)
      const mapStarted = performance.now()
      pixelMapFromPatches(one.patchScores, height, width, 256, scoring.sigma)
      nodeMap.push(performance.now() - mapStarted)
      if (r > 0) continue
      worstImage = Math.max(worstImage, relError(one.imageScore, graph.imageScores[i] as number))
      const graphMap = graph.pixelMaps.data.subarray(i * 65536, (i + 1) * 65536)
      let largest = 0
      for (const v of graphMap) largest = Math.max(largest, Math.abs(v))
      for (let p = 0; p < graphMap.length; p++) worstPixel = Math.max(worstPixel, relError(one.pixelMap[p] as number, graphMap[p] as number, 1e-6 * largest))
    }
  }
  process.stdout.write(
    `\ncoreset ${ratio}: ${rows} x ${dim} core entries, ${patches} query patches per image; densities of every core entry ${densityS.toFixed(1)} s (once, at export), prepare ${prepareMs.toFixed(0)} ms\n` +
      `  scoreOneImage: search ${percentiles(after.search)} | map ${percentiles(after.map)} | whole call ${percentiles(after.total)}\n` +
      `  anomaly.map's pixelMapFromPatches for comparison: ${percentiles(nodeMap)}\n` +
      `  parity with the graph's run: image scores ${worstImage.toExponential(2)}, pixel maps ${worstPixel.toExponential(2)} largest relative difference (1e-5 allowed)\n`,
  )
}
