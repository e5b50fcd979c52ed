/**
 * compare-maps.ts on the synthetic kinds: graphs/reb-mvtec.json with its folder dataset swapped for
 * dataset.synthetic (256 px, so the ResNet18 sees the same input size as on MVTec), one search scored
 * three ways (LDKNN image + maps, kNN image + maps, LDKNN image + kNN maps). Prints one table row per kind
 * and scoring. Usage: npx tsx tests/bench/compare-maps-synthetic.ts WEIGHTS [kinds=part,fabric,metal] [seed=1] [trainCount=40]
 * (fewer training images make the kinds harder: at 40 every scoring reaches image AUROC 1).
 */
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { GraphFile } from '@inspectflow/graph-schema'
import { createEngines, createRegistry, type ScoresValue } from '@inspectflow/nodes'

import { computeAccuracy } from '../../apps/runtime/src/bench/accuracy'
import { executeGraph } from '../../apps/runtime/src/executor/execute-graph'

const [weights, kindList = 'part,fabric,metal', seed = '1', trainCount = '40'] = process.argv.slice(2)
if (!weights) {
  process.stderr.write('usage: npx tsx tests/bench/compare-maps-synthetic.ts WEIGHTS [kinds=part,fabric,metal] [seed=1] [trainCount=40]\n')
  process.exit(2)
}

/** reb-mvtec.json reading a synthetic kind, with the two extra map nodes compare-maps.ts adds. */
function graphFor(kind: string): GraphFile {
  const graph = JSON.parse(readFileSync(join(import.meta.dirname, '../../graphs/reb-mvtec.json'), 'utf8')) as GraphFile
  const data = graph.nodes.find((n) => n.id === 'data') as GraphFile['nodes'][number]
  Object.assign(data, { type: 'dataset.synthetic', typeVersion: 1, params: { kind, seed: Number(seed), imageSize: 256, trainCount: Number(trainCount) } })
  const map = graph.nodes.find((n) => n.id === 'score-map') as GraphFile['nodes'][number]
  graph.edges = graph.edges.filter((e) => e.to.node !== 'score-map' || e.to.port !== 'mapScores')
  graph.nodes.push({ ...map, id: 'knn-maps' }, { ...map, id: 'knn-only' })
  graph.edges.push(
    { from: { node: 'score', port: 'patchScores' }, to: { node: 'knn-maps', port: 'patchScores' } },
    { from: { node: 'score', port: 'nearestDistances' }, to: { node: 'knn-maps', port: 'mapScores' } },
    { from: { node: 'score', port: 'nearestDistances' }, to: { node: 'knn-only', port: 'patchScores' } },
  )
  return graph
}

const rows: [string, string][] = [['score-map.scores', 'LDKNN image + LDKNN maps'], ['knn-only.scores', 'kNN image + kNN maps'], ['knn-maps.scores', 'LDKNN image + kNN maps']]
const f = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : x.toFixed(4))
const work = await mkdtemp(join(tmpdir(), 'compare-maps-synthetic-'))
try {
  for (const kind of kindList.split(',')) {
    const result = await executeGraph({
      runId: `compare-maps-${kind}`, graph: graphFor(kind), registry: createRegistry(), engines: createEngines({}),
      overrides: { weights }, targets: rows.map(([name]) => name),
      cacheDir: join(work, 'cache'), artifactDir: join(work, 'artifacts'), baseDir: process.cwd(), seed: 0,
      onEvent: (e) => {
        if (e.type === 'node:finished') process.stderr.write(`${kind} ${e.nodeId} ${(e.ms / 1000).toFixed(1)} s\n`)
        if (e.type === 'run:failed') process.stderr.write(`${e.message}\n`)
      },
    })
    for (const [name, label] of rows) {
      const accuracy = await computeAccuracy(result.outputs[name] as ScoresValue, new AbortController().signal)
      process.stdout.write(`${kind.padEnd(7)} ${label.padEnd(26)} image AUROC ${f(accuracy.imageAuroc)}  pixel AUROC ${f(accuracy.pixelAuroc)}  AUPRO ${f(accuracy.aupro)}\n`)
    }
  }
} finally {
  await rm(work, { recursive: true, force: true })
}
