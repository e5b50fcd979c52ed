import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { GraphFile, RunEvent } from '@inspectflow/graph-schema'
import { createEngines, createRegistry, type ScoresValue } from '@inspectflow/nodes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createOutputCache } from '../apps/runtime/src/cache/output-cache'
import { executeGraph } from '../apps/runtime/src/executor/execute-graph'

/**
 * The split of scoring into a search node and an anomaly map node, through the executor: changing the
 * blur re-runs the map only, and the bank's local densities are kept with the bank by the executor's
 * cache, so a re-scoring of the same bank computes none.
 */
const demo = JSON.parse(readFileSync(join(import.meta.dirname, '../graphs/demo.json'), 'utf8')) as GraphFile
const small = { seed: 3, imageSize: 64, trainCount: 6, testGood: 4, testDefectPerType: 2 }
const registry = createRegistry()
const engines = createEngines({ threads: 1 })
let dir: string
let cache: ReturnType<typeof createOutputCache>

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scoring-reuse-'))
  cache = createOutputCache({ dir: join(dir, 'cache') })
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function withParams(nodeId: string, params: Record<string, unknown>): GraphFile {
  const graph = structuredClone(demo)
  const node = graph.nodes.find((n) => n.id === nodeId) as GraphFile['nodes'][number]
  node.params = { ...node.params, ...params }
  return graph
}

async function run(graph: GraphFile) {
  const events: RunEvent[] = []
  const result = await executeGraph({
    runId: 'reuse', graph, registry, engines, overrides: small, cache, cacheDir: cache.dir,
    artifactDir: join(dir, 'artifacts'), baseDir: dir, targets: ['score-map.scores'], onEvent: (e) => events.push(e),
  })
  expect(result.error).toBeUndefined()
  const started = events.filter((e) => e.type === 'node:started').map((e) => (e as { nodeId: string }).nodeId)
  return { started, scores: result.outputs['score-map.scores'] as ScoresValue }
}

describe('scoring and maps as two nodes', () => {
  it('re-runs only anomaly.map when sigma changes, only the scorer when alpha does, without recomputing densities', async () => {
    const first = await run(withParams('score-map', { sigma: 4 }))
    expect(first.started).toContain('score')
    expect(first.scores.timing?.densitiesComputed).toBeGreaterThan(0)

    const blurred = await run(withParams('score-map', { sigma: 1 }))
    expect(blurred.started).toEqual(['score-map'])
    expect(blurred.scores.imageScores).toEqual(first.scores.imageScores)
    expect(Array.from(blurred.scores.pixelMaps.data)).not.toEqual(Array.from(first.scores.pixelMaps.data))

    const rescored = await run(withParams('score', { alpha: 0.5 }))
    expect(rescored.started).toEqual(['score', 'score-map'])
    expect(rescored.scores.timing?.densitiesComputed).toBe(0)
    expect(rescored.scores.imageScores).not.toEqual(first.scores.imageScores)
  })
})
