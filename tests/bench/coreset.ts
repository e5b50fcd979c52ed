/**
 * Greedy coreset speed (`npm run bench:coreset`): the memorybank.build node's own code (seeded random
 * projection to 128 dims on onnxruntime, then the greedy selection) on two banks, printing the time of
 * each phase and the picks per second:
 *   - bottle at 10%: bottle's 214,016 training patches (R18, 256 px, 512-d);
 *   - a 779k x 512 bank at 1%: bottle's patches repeated with seeded noise (0.1 x each dimension's
 *     standard deviation on every copy after the first), the size of a large category's bank.
 * Without ../shared both banks are seeded random features of the same shapes (clustered, as patches are).
 * Targets on 2 cores: bottle 10% <= 10 s, 779k 1% <= 60 s (greedy selection; projection and the principal
 * axes of the bounds are printed apart). The greedy runs on one thread, so on a shared machine its process
 * CPU time is the steadier figure; the 1-minute load average is printed beside it.
 * Usage: npx tsx tests/bench/coreset.ts [--only bottle|large] [--rows N] [--ratio R]
 */
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'

import { buildMemoryBank, createEngines, createRandom } from '@inspectflow/nodes'

import { bottleFeatures } from './bottle-features'

const { values: args } = parseArgs({ options: { only: { type: 'string' }, rows: { type: 'string' }, ratio: { type: 'string' } } })
const DIM = 512
const BOTTLE_ROWS = 209 * 32 * 32
const LARGE_ROWS = Number(args.rows ?? 779_264)

/** A small fast seeded generator for the noise (hundreds of millions of values). */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 4294967296
  }
}

/** Roughly standard normal: the centred sum of four uniforms, scaled to unit variance. */
function normalish(next: () => number): number {
  return (next() + next() + next() + next() - 2) * Math.sqrt(3)
}

/** Seeded clustered features [rows, DIM], standing in for bottle's when ../shared is absent. */
function syntheticFeatures(rows: number, seed: number): Float32Array {
  const next = xorshift(seed)
  const centres = Array.from({ length: 64 }, () => Float32Array.from({ length: DIM }, () => normalish(next) * 2))
  const out = new Float32Array(rows * DIM)
  for (let r = 0; r < rows; r++) {
    const centre = centres[Math.floor(next() * centres.length)] as Float32Array
    for (let c = 0; c < DIM; c++) out[r * DIM + c] = (centre[c] as number) + normalish(next)
  }
  return out
}

/** `rows` rows cycling through `base`, every copy after the first with seeded noise of 0.1 x each dimension's std. */
function repeatWithNoise(base: Float32Array, rows: number, seed: number): Float32Array {
  const baseRows = base.length / DIM
  const mean = new Float64Array(DIM)
  const sq = new Float64Array(DIM)
  for (let r = 0; r < baseRows; r++) {
    for (let c = 0; c < DIM; c++) {
      const v = base[r * DIM + c] as number
      mean[c] = (mean[c] as number) + v
      sq[c] = (sq[c] as number) + v * v
    }
  }
  const scale = Float64Array.from(mean, (m, c) => 0.1 * Math.sqrt(Math.max((sq[c] as number) / baseRows - (m / baseRows) ** 2, 0)))
  const out = new Float32Array(rows * DIM)
  const next = xorshift(seed)
  for (let r = 0; r < rows; r++) {
    const from = (r % baseRows) * DIM
    const noisy = r >= baseRows
    for (let c = 0; c < DIM; c++) out[r * DIM + c] = (base[from + c] as number) + (noisy ? normalish(next) * (scale[c] as number) : 0)
  }
  return out
}

/** Builds the coreset with the node's code and prints its phases. */
async function bench(label: string, data: Float32Array, ratio: number): Promise<void> {
  const engines = createEngines({})
  const rows = data.length / DIM
  const started = performance.now()
  let greedyStarted = started
  let greedyCpu = process.cpuUsage()
  const bank = await buildMemoryBank(engines, { dtype: 'float32', shape: [rows, 1, 1, DIM], data }, {
    coresetRatio: ratio, projectionDim: 128, startPoints: 10, rng: createRandom(0),
    onProgress: (done, total, message) => {
      if (message === 'greedy coreset' && done === 0) {
        greedyStarted = performance.now()
        greedyCpu = process.cpuUsage()
      }
      if (message === 'greedy coreset' && done > 0 && done % Math.max(1, Math.floor(total / 10)) === 0) {
        process.stderr.write(`  ${label}: ${done}/${total} picks, ${((performance.now() - greedyStarted) / 1000).toFixed(1)} s\n`)
      }
    },
  })
  const ended = performance.now()
  const cpu = process.cpuUsage(greedyCpu)
  const picks = bank.core.shape[0] as number
  const greedyS = (ended - greedyStarted) / 1000
  process.stdout.write(
    `${label.padEnd(34)} ${rows} x ${DIM}, ratio ${ratio}: ${picks} picks | projection + bound axes ${((greedyStarted - started) / 1000).toFixed(1)} s | ` +
      `greedy ${greedyS.toFixed(1)} s (${(picks / greedyS).toFixed(0)} picks/s; process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s) | total ${((ended - started) / 1000).toFixed(1)} s | load ${loadavg()[0]?.toFixed(1)}\n`,
  )
}

const bottle = await bottleFeatures()
const source = bottle ? 'bottle' : 'synthetic (no ../shared)'
const base = bottle?.train.data ?? syntheticFeatures(BOTTLE_ROWS, 1)
process.stdout.write(`coreset bench on ${source}; shared machine, 2 cores\n`)
if (args.only !== 'large') await bench(`${source} 10%`, base, Number(args.ratio ?? 0.1))
if (args.only !== 'bottle') await bench(`${source} repeated+noise 1%`, repeatWithNoise(base, LARGE_ROWS, 2), Number(args.ratio ?? 0.01))
