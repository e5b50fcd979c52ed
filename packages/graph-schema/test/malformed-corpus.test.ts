import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { loadGraph } from '../src/load-graph'
import { createFakeCatalog } from './fake-catalog'

/** What the manifest says one malformed file must produce: exactly these problems, no others. */
interface Expectation {
  overrides?: Record<string, unknown>
  problems: { code: string; path: string; nodeId?: string }[]
}

const fixturesDir = join(import.meta.dirname, 'fixtures')
const corpusDir = join(fixturesDir, 'malformed')
const manifest = JSON.parse(readFileSync(join(fixturesDir, 'malformed.expect.json'), 'utf8')) as Record<string, Expectation>
const files = readdirSync(corpusDir).filter((f) => f.endsWith('.json')).sort()
const catalog = createFakeCatalog()

const byKey = (a: { code: string; path: string }, b: { code: string; path: string }) =>
  `${a.code} ${a.path}`.localeCompare(`${b.code} ${b.path}`)

describe('malformed graph corpus', () => {
  it('has at least 25 files, each with an expectation, and no expectation without a file', () => {
    expect(files.length).toBeGreaterThanOrEqual(25)
    expect(Object.keys(manifest).sort()).toEqual(files)
  })

  it.each(files)('%s gets its specific problems', (file) => {
    const expectation = manifest[file] as Expectation
    const text = readFileSync(join(corpusDir, file), 'utf8')
    const result = loadGraph(text, catalog, { overrides: expectation.overrides })
    expect(result.ok).toBe(false)
    const found = result.problems.map(({ code, path, nodeId }) => (nodeId === undefined ? { code, path } : { code, path, nodeId }))
    expect(found.sort(byKey)).toEqual([...expectation.problems].sort(byKey))
  })

  it.each(files)('%s: every problem says what was expected and what was found', (file) => {
    const expectation = manifest[file] as Expectation
    const result = loadGraph(readFileSync(join(corpusDir, file), 'utf8'), catalog, { overrides: expectation.overrides })
    for (const problem of result.problems) {
      expect(problem.expected.length).toBeGreaterThan(0)
      expect(problem.found.length).toBeGreaterThan(0)
      expect(problem.message.length).toBeGreaterThan(10)
    }
  })
})
