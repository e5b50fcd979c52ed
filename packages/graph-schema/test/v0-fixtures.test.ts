import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { CURRENT_SCHEMA_VERSION } from '../src/graph-file'
import { loadGraph } from '../src/load-graph'
import { createFakeCatalog } from './fake-catalog'

/** Frozen files of every historical schemaVersion: each must still load, migrated to the current one. */
const fixturesDir = join(import.meta.dirname, 'fixtures')
const historical = readdirSync(fixturesDir)
  .filter((name) => /^v\d+$/.test(name))
  .flatMap((dir) => readdirSync(join(fixturesDir, dir)).map((file) => join(dir, file)))

describe('historical graph fixtures', () => {
  it('include at least one schemaVersion 0 file', () => {
    expect(historical.some((f) => f.startsWith('v0'))).toBe(true)
  })

  it.each(historical)('%s migrates and passes every check', (file) => {
    const result = loadGraph(readFileSync(join(fixturesDir, file), 'utf8'), createFakeCatalog())
    expect(result.problems).toEqual([])
    expect(result.graph?.schemaVersion).toBe(CURRENT_SCHEMA_VERSION)
  })

  it('keeps positions, ui fields and params through the v0 migration', () => {
    const result = loadGraph(readFileSync(join(fixturesDir, 'v0', 'three-nodes.json'), 'utf8'), createFakeCatalog())
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    expect(result.graph.nodes[1]).toEqual({
      id: 'maker',
      type: 'test.maker',
      typeVersion: 1,
      params: { seed: 7 },
      ui: { color: 'red', x: 0, y: 200 },
    })
    expect(result.graph.edges).toHaveLength(2)
    expect(result.graph.ui).toEqual({ zoom: 0.8 })
    expect(result.resolvedParams.data).toEqual({ root: 'data/bottle', imageSize: 224 })
  })
})
