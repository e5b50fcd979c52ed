/**
 * Bottle's patch features (R18, 256 px, layer2+layer3, 512-d) and other template outputs for the benchmarks,
 * computed once by running graphs/reb-mvtec.json up to the nodes asked for with a cache in the system temp folder, so a second bench
 * run loads them instead of running the backbone again. Returns null when ../shared is absent: the caller
 * falls back to seeded random data of the same shape.
 */
import { existsSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import type { GraphFile } from '@inspectflow/graph-schema'
import { createEngines, createRegistry, type Engines } from '@inspectflow/nodes'

import { executeGraph } from '../../apps/runtime/src/executor/execute-graph'

const repoRoot = resolve(import.meta.dirname, '../..')
export const sharedRoot = resolve(repoRoot, '../shared')
export const bottleRoot = join(sharedRoot, 'datasets/mvtec_ad/bottle')
export const r18Weights = join(sharedRoot, 'weights/resnet18-imagenet-trunk.safetensors')

/** NHWC features of one split, plus where its images came from. */
export interface SplitFeatures {
  data: Float32Array
  shape: [number, number, number, number]
  paths: string[]
  imageSize: number
}

/** True when the bottle data and the R18 weights are at hand. */
export function haveBottle(): boolean {
  return existsSync(bottleRoot) && existsSync(r18Weights)
}

/**
 * Runs graphs/reb-mvtec.json on bottle up to `targets` ("node.port") with the given coreset ratio, with
 * an executor cache in the system temp folder shared by every bench run, and returns their values.
 */
export async function graphOutputs(engines: Engines, coreset: number, targets: string[]): Promise<Record<string, unknown>> {
  const graph = JSON.parse(readFileSync(join(repoRoot, 'graphs/reb-mvtec.json'), 'utf8')) as GraphFile
  const cacheDir = join(tmpdir(), 'inspectflow-bench-cache')
  const result = await executeGraph({
    runId: 'bench-bottle', graph, registry: createRegistry(), engines,
    overrides: { dataRoot: bottleRoot, weights: r18Weights, coreset },
    targets, cacheDir, artifactDir: join(cacheDir, 'artifacts'), baseDir: repoRoot, seed: 0,
    onEvent: (e) => {
      if (e.type === 'node:finished' && e.ms > 1000) process.stderr.write(`graph: ${e.nodeId} ${(e.ms / 1000).toFixed(1)} s\n`)
      if (e.type === 'run:failed') process.stderr.write(`graph: ${e.message}\n`)
    },
  })
  if (result.status !== 'finished') throw new Error(`bench graph run ${result.status}`)
  return result.outputs
}

/** Runs the template's feature nodes (cached across bench runs) and returns train and test features. */
export async function bottleFeatures(engines: Engines = createEngines({})): Promise<{ train: SplitFeatures; test: SplitFeatures } | null> {
  if (!haveBottle()) return null
  const outputs = await graphOutputs(engines, 1, ['trainFeatures.features', 'testFeatures.features'])
  const split = (name: string): SplitFeatures => {
    const value = outputs[name] as { features: { data: Float32Array; shape: number[] }; images: { path: string }[]; imageSize: number }
    return { data: value.features.data, shape: value.features.shape as SplitFeatures['shape'], paths: value.images.map((i) => i.path), imageSize: value.imageSize }
  }
  return { train: split('trainFeatures.features'), test: split('testFeatures.features') }
}
