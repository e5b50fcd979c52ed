import Ajv from 'ajv'
import { describe, expect, it } from 'vitest'

import { ajvErrorsToProblems } from './ajv-problems'

const ajv = new Ajv({ allErrors: true, verbose: true, strict: false })

function problemsFor(schema: object, data: unknown) {
  const validate = ajv.compile(schema)
  expect(validate(data)).toBe(false)
  return ajvErrorsToProblems(validate.errors ?? [], {
    code: 'param_invalid',
    basePath: '/nodes/0/params',
    nodeIdFor: () => 'n',
  }).map(({ path, expected, found }) => ({ path, expected, found }))
}

describe('ajvErrorsToProblems', () => {
  it('folds the branch errors of a union into one problem', () => {
    const schema = { type: 'object', properties: { mode: { anyOf: [{ const: 'a' }, { const: 'b' }] } } }
    expect(problemsFor(schema, { mode: 'c' })).toEqual([
      { path: '/nodes/0/params/mode', expected: 'one of "a", "b"', found: 'string "c"' },
    ])
  })

  it('describes a union of non-constant alternatives by their types', () => {
    const schema = { properties: { size: { oneOf: [{ type: 'integer' }, { type: 'array' }] } } }
    expect(problemsFor(schema, { size: 'big' })).toEqual([
      { path: '/nodes/0/params/size', expected: 'one of: integer or array', found: 'string "big"' },
    ])
  })

  it('points a missing or unknown field at the field itself', () => {
    const schema = { type: 'object', required: ['root'], properties: { root: {} }, additionalProperties: false }
    expect(problemsFor(schema, { rot: 1 })).toEqual([
      { path: '/nodes/0/params/root', expected: 'field "root"', found: 'nothing' },
      { path: '/nodes/0/params/rot', expected: 'only the fields "root"', found: 'unknown field "rot"' },
    ])
  })

  it('words limits, lengths and item counts', () => {
    const schema = {
      properties: {
        k: { type: 'integer', exclusiveMinimum: 0 },
        name: { type: 'string', maxLength: 2 },
        layers: { type: 'array', minItems: 1 },
        step: { type: 'number', multipleOf: 2 },
      },
    }
    expect(problemsFor(schema, { k: 0, name: 'abc', layers: [], step: 3 })).toEqual([
      { path: '/nodes/0/params/k', expected: 'a number > 0', found: 'number 0' },
      { path: '/nodes/0/params/name', expected: 'a string of at most 2 characters', found: 'string "abc"' },
      { path: '/nodes/0/params/layers', expected: 'at least 1 items', found: 'array of 0 items' },
      { path: '/nodes/0/params/step', expected: 'multiple of 2', found: 'number 3' },
    ])
  })

  it('reports a bad property name once, at the name', () => {
    const schema = { type: 'object', propertyNames: { pattern: '^[a-z]+$' } }
    expect(problemsFor(schema, { ok: 1, 'Not-OK': 2 })).toEqual([
      { path: '/nodes/0/params/Not-OK', expected: 'a name matching ^[a-z]+$', found: 'name "Not-OK"' },
    ])
  })
})
