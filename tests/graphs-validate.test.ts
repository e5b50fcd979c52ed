import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { loadGraph } from '@inspectflow/graph-schema'
import { createRegistry } from '@inspectflow/nodes'
import { describe, expect, it } from 'vitest'

/** Every template shipped in graphs/ must load against the real node catalog, with no problem. */
const graphsDir = join(import.meta.dirname, '..', 'graphs')
const files = readdirSync(graphsDir).filter((f) => f.endsWith('.json'))
const registry = createRegistry()

describe('graphs/ templates', () => {
  it('ships at least the demo and the REB template', () => {
    expect(files).toEqual(expect.arrayContaining(['demo.json', 'reb-mvtec.json', 'patchcore-baseline.json']))
  })
  it.each(files)('%s validates against the node catalog and has a description', (file) => {
    const text = readFileSync(join(graphsDir, file), 'utf8')
    const result = loadGraph(text, registry.catalog)
    expect(result.problems).toEqual([])
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.graph.description?.length ?? 0).toBeGreaterThan(20)
  })
})
