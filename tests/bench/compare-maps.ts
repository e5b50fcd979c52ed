/**
 * Which statistic should draw the heat maps? Runs graphs/reb-mvtec.json once on a dataset and scores
 * the same search three ways: LDKNN image scores and maps, plain nearest-neighbour image scores and
 * maps, and LDKNN image scores with nearest-neighbour maps (the templates' default). Prints image and
 * pixel AUROC and AUPRO of each. Usage: npx tsx tests/bench/compare-maps.ts DATA WEIGHTS [coreset]
 */
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { GraphFile } from '@inspectflow/graph-schema'
import { createEngines, createRegistry, type ScoresValue } from '@inspectflow/nodes'

import { computeAccuracy } from '../../apps/runtime/src/bench/accuracy'
import { executeGraph } from '../../apps/runtime/src/executor/execute-graph'

const [data, weights, coreset = '1'] = process.argv.slice(2)
if (!data || !weights) {
  process.stderr.write('usage: npx tsx tests/bench/compare-maps.ts DATA WEIGHTS [coreset]\n')
  process.exit(2)
}
const graph = JSON.parse(readFileSync(join(import.meta.dirname, '../../graphs/reb-mvtec.json'), 'utf8')) as GraphFile
const map = graph.nodes.find((n) => n.id === 'score-map') as GraphFile['nodes'][number]
graph.edges = graph.edges.filter((e) => e.to.node !== 'score-map' || e.to.port !== 'mapScores')
graph.nodes.push({ ...map, id: 'knn-maps' }, { ...map, id: 'knn-only' })
graph.edges.push(
  { from: { node: 'score', port: 'patchScores' }, to: { node: 'knn-maps', port: 'patchScores' } },
  { from: { node: 'score', port: 'nearestDistances' }, to: { node: 'knn-maps', port: 'mapScores' } },
  { from: { node: 'score', port: 'nearestDistances' }, to: { node: 'knn-only', port: 'patchScores' } },
)
const work = await mkdtemp(join(tmpdir(), 'compare-maps-'))
try {
  const result = await executeGraph({
    runId: 'compare-maps', graph, registry: createRegistry(), engines: createEngines({}),
    overrides: { dataRoot: data, weights, coreset: Number(coreset) },
    targets: ['score-map.scores', 'knn-maps.scores', 'knn-only.scores'],
    cacheDir: join(work, 'cache'), artifactDir: join(work, 'artifacts'), baseDir: process.cwd(), seed: 0,
    onEvent: (e) => {
      if (e.type === 'node:finished') process.stderr.write(`${e.nodeId} ${(e.ms / 1000).toFixed(1)} s\n`)
      if (e.type === 'run:failed') process.stderr.write(`${e.message}\n`)
    },
  })
  const rows: [string, string][] = [['score-map.scores', 'LDKNN image + LDKNN maps'], ['knn-only.scores', 'kNN image + kNN maps'], ['knn-maps.scores', 'LDKNN image + kNN maps']]
  const f = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : x.toFixed(4))
  for (const [name, label] of rows) {
    const accuracy = await computeAccuracy(result.outputs[name] as ScoresValue, new AbortController().signal)
    process.stdout.write(`${label.padEnd(26)} image AUROC ${f(accuracy.imageAuroc)}  pixel AUROC ${f(accuracy.pixelAuroc)}  AUPRO ${f(accuracy.aupro)}\n`)
  }
} finally {
  await rm(work, { recursive: true, force: true })
}
