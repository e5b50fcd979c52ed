import { describe, expect, it } from 'vitest'

import { describeValue, jsonPointer, listNames, makeProblem } from './problem-text'

describe('problem text', () => {
  it('describes found values by kind and, for scalars, value', () => {
    expect(describeValue(undefined)).toBe('nothing')
    expect(describeValue(null)).toBe('null')
    expect(describeValue('1')).toBe('string "1"')
    expect(describeValue('x'.repeat(70))).toBe(`string "${'x'.repeat(60)}..."`)
    expect(describeValue(2.5)).toBe('number 2.5')
    expect(describeValue(false)).toBe('boolean false')
    expect(describeValue([1])).toBe('array of 1 item')
    expect(describeValue({})).toBe('object')
  })

  it('escapes JSON pointer segments', () => {
    expect(jsonPointer('params', 'a/b~c', 0)).toBe('/params/a~1b~0c/0')
    expect(jsonPointer()).toBe('')
  })

  it('builds a default message and leaves out a missing node id', () => {
    const problem = makeProblem({ code: 'schema_invalid', path: '', expected: 'object', found: 'null' })
    expect(problem).toEqual({ code: 'schema_invalid', path: '', expected: 'object', found: 'null', message: 'expected object at /, found null' })
    expect(listNames(['a', 2])).toBe('"a", 2')
    expect(listNames([])).toBe('none')
  })
})
