import { describe, expect, it } from 'vitest'

import { CURRENT_SCHEMA_VERSION } from '../graph-file'
import { graphMigrationIds, graphMigrations, migrateGraph } from './index'
import { assertMigrationSequence, type GraphMigration, runMigrations } from './migration'

const step = (version: number, up: GraphMigration['up'] = (doc) => ({ ok: true, value: doc })): GraphMigration => ({
  id: `graph/${version}`,
  name: `Step${version}`,
  version,
  up,
})

describe('assertMigrationSequence', () => {
  it('accepts ids graph/1.. rising by one and ending at the current version', () => {
    expect(() => assertMigrationSequence([step(1), step(2)], 2)).not.toThrow()
  })

  it('refuses a list that does not start at 1, skips a number, or names a wrong id', () => {
    expect(() => assertMigrationSequence([step(2)], 2)).toThrow(/position 0: expected id graph\/1/)
    expect(() => assertMigrationSequence([step(1), step(3)], 3)).toThrow(/position 1: expected id graph\/2/)
    expect(() => assertMigrationSequence([{ ...step(1), id: 'graph/one' }], 1)).toThrow(/found id graph\/one/)
  })

  it('refuses a list that stops short of the current version', () => {
    expect(() => assertMigrationSequence([step(1)], 2)).toThrow(/end at version 1, but CURRENT_SCHEMA_VERSION is 2/)
  })

  it('holds for the shipped migrations', () => {
    expect(graphMigrations.map((m) => m.id)).toEqual(Object.values(graphMigrationIds).map((n) => `graph/${n}`))
    expect(graphMigrations).toHaveLength(CURRENT_SCHEMA_VERSION)
  })
})

describe('runMigrations', () => {
  const addField = (version: number) =>
    step(version, (doc) => ({ ok: true, value: { ...doc, [`v${version}`]: true } }))

  it('applies only the steps after the document version, in order, and stamps each version', () => {
    const result = runMigrations({ schemaVersion: 1 }, 1, [addField(1), addField(2), addField(3)])
    expect(result).toEqual({ ok: true, value: { schemaVersion: 3, v2: true, v3: true } })
  })

  it('never modifies its input, even when a step mutates what it receives', () => {
    const input = { schemaVersion: 0, list: [1] }
    const mutating = step(1, (doc) => {
      ;(doc.list as number[]).push(2)
      return { ok: true, value: doc }
    })
    const result = runMigrations(input, 0, [mutating])
    expect(input).toEqual({ schemaVersion: 0, list: [1] })
    expect(result).toEqual({ ok: true, value: { schemaVersion: 1, list: [1, 2] } })
  })

  it('returns a copy when there is nothing to migrate', () => {
    const input = { schemaVersion: 1, nested: { a: 1 } }
    const result = runMigrations(input, 1, [addField(1)])
    expect(result).toEqual({ ok: true, value: input })
    if (result.ok) expect(result.value.nested).not.toBe(input.nested)
  })

  it('turns a failing or throwing step into a reason naming it', () => {
    const failing = step(1, () => ({ ok: false, reason: 'no nodes' }))
    const throwing = step(1, () => {
      throw new TypeError('boom')
    })
    expect(runMigrations({}, 0, [failing])).toEqual({ ok: false, reason: 'graph/1 (Step1): no nodes' })
    expect(runMigrations({}, 0, [throwing])).toEqual({ ok: false, reason: 'graph/1 (Step1): boom' })
  })

  it('reports a document that cannot be cloned instead of throwing', () => {
    const result = runMigrations({ f: () => 1 }, 0, [addField(1)])
    expect(result.ok).toBe(false)
  })
})

describe('migrateGraph', () => {
  it('brings a schemaVersion 0 document to the current version', () => {
    const result = migrateGraph({ schemaVersion: 0, name: 'x', nodes: [], connections: [] }, 0)
    expect(result).toEqual({ ok: true, value: { schemaVersion: CURRENT_SCHEMA_VERSION, name: 'x', nodes: [], edges: [] } })
  })
})
