import { describe, expect, it } from 'vitest'

import { referencedGraphParams, substituteReferences } from './param-references'

const values = { k: 5, root: 'data/bottle', fast: false }

describe('substituteReferences', () => {
  it('keeps the param type for a whole-string reference', () => {
    expect(substituteReferences({ k: '${params.k}', fast: '${params.fast}' }, values).value).toEqual({ k: 5, fast: false })
  })

  it('interpolates references inside longer strings as text, several per string', () => {
    const result = substituteReferences({ path: '${params.root}/train-${params.k}' }, values)
    expect(result.value).toEqual({ path: 'data/bottle/train-5' })
  })

  it('walks nested objects and arrays and records the pointer of each reference', () => {
    const result = substituteReferences({ layers: ['a', '${params.k}'], opts: { dir: '${params.root}' } }, values)
    expect(result.value).toEqual({ layers: ['a', 5], opts: { dir: 'data/bottle' } })
    expect(result.resolved).toEqual([
      { name: 'k', path: '/layers/1' },
      { name: 'root', path: '/opts/dir' },
    ])
    expect(result.unresolved).toEqual([])
  })

  it('leaves references without a value as written and lists them', () => {
    const result = substituteReferences({ a: '${params.missing}', b: 'x-${params.other}-${params.k}' }, values)
    expect(result.value).toEqual({ a: '${params.missing}', b: 'x-${params.other}-5' })
    expect(result.unresolved).toEqual([
      { name: 'missing', path: '/a' },
      { name: 'other', path: '/b' },
    ])
  })

  it('ignores text that only looks similar and does not modify its input', () => {
    const input = { a: '${env.HOME}', b: '$params.k', c: '${params.k', d: 3, e: null }
    const copy = structuredClone(input)
    const result = substituteReferences(input, values)
    expect(result.value).toEqual(copy)
    expect(result.value).not.toBe(input)
    expect(input).toEqual(copy)
  })

  it('does not treat inherited object keys as params', () => {
    const result = substituteReferences({ a: '${params.constructor}' }, values)
    expect(result.unresolved).toEqual([{ name: 'constructor', path: '/a' }])
  })

  it('names the graph params a value is written with, each once, in order', () => {
    expect(referencedGraphParams('${params.root}/train/${params.split}-${params.root}')).toEqual(['root', 'split'])
    expect(referencedGraphParams({ a: ['${params.k}'] })).toEqual(['k'])
    expect(referencedGraphParams('plain/path')).toEqual([])
  })
})
