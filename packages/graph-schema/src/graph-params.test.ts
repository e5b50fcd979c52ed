import { describe, expect, it } from 'vitest'

import { coerceParamValue, matchesParamType, resolveGraphParams } from './graph-params'

describe('coerceParamValue', () => {
  it.each([
    ['7', 'integer', 7],
    [' 7 ', 'integer', 7],
    [7, 'integer', 7],
    ['2.5', 'number', 2.5],
    ['-1e3', 'number', -1000],
    ['true', 'boolean', true],
    ['FALSE', 'boolean', false],
    [false, 'boolean', false],
    ['data/x', 'string', 'data/x'],
    [3, 'string', '3'],
  ] as const)('coerces %j to %s', (value, type, expected) => {
    expect(coerceParamValue(value, type)).toEqual({ ok: true, value: expected })
  })

  it.each([
    ['2.5', 'integer'],
    ['', 'number'],
    ['abc', 'number'],
    ['Infinity', 'number'],
    [null, 'number'],
    ['yes', 'boolean'],
    [1, 'boolean'],
    [{}, 'string'],
    [null, 'string'],
  ] as const)('refuses %j as %s', (value, type) => {
    expect(coerceParamValue(value, type)).toEqual({ ok: false })
  })
})

describe('matchesParamType', () => {
  it('checks without coercing', () => {
    expect(matchesParamType(3, 'integer')).toBe(true)
    expect(matchesParamType(3.5, 'integer')).toBe(false)
    expect(matchesParamType('3', 'number')).toBe(false)
    expect(matchesParamType(true, 'boolean')).toBe(true)
    expect(matchesParamType('x', 'string')).toBe(true)
  })
})

describe('resolveGraphParams', () => {
  const decls = {
    root: { type: 'string', default: 'data' },
    k: { type: 'integer', default: 3 },
    fast: { type: 'boolean' },
  } as const

  it('takes defaults and leaves params without a default and override out', () => {
    expect(resolveGraphParams(decls)).toEqual({ values: { root: 'data', k: 3 }, problems: [] })
  })

  it('lets overrides win, coerced from CLI strings', () => {
    const result = resolveGraphParams(decls, { k: '9', fast: 'true', root: '/mnt/x' })
    expect(result).toEqual({ values: { root: '/mnt/x', k: 9, fast: true }, problems: [] })
  })

  it('names the param whose override cannot be coerced', () => {
    const result = resolveGraphParams(decls, { k: 'nine' })
    expect(result.problems).toEqual([
      {
        code: 'graph_param_invalid',
        path: '/params/k',
        expected: 'integer',
        found: 'string "nine"',
        message: 'override of graph param "k": expected integer, found string "nine"',
      },
    ])
  })

  it('reports overrides of undeclared params, listing the declared ones', () => {
    const result = resolveGraphParams(decls, { kk: '2' })
    expect(result.problems).toMatchObject([
      { code: 'unknown_param_override', path: '/params', found: 'override "kk"', expected: 'one of the declared params "root", "k", "fast"' },
    ])
  })

  it('reports a default of the wrong type and gives the param no value', () => {
    const result = resolveGraphParams({ k: { type: 'integer', default: 2.5 } })
    expect(result.values).toEqual({})
    expect(result.problems).toMatchObject([{ code: 'graph_param_invalid', path: '/params/k/default', found: 'number 2.5' }])
  })

  it('treats a graph with no params as having none', () => {
    expect(resolveGraphParams(undefined, {})).toEqual({ values: {}, problems: [] })
  })
})
