import { describe, expect, it } from 'vitest'

import { locateJsonError, parseGraphJson } from './parse-graph-json'

describe('parseGraphJson', () => {
  it('returns the parsed value', () => {
    expect(parseGraphJson('{"a": [1]}')).toEqual({ ok: true, value: { a: [1] } })
  })

  it('skips a byte-order mark', () => {
    expect(parseGraphJson('\uFEFF{"a": 1}')).toEqual({ ok: true, value: { a: 1 } })
  })

  it('reports a syntax error as invalid_json with the engine message', () => {
    const result = parseGraphJson('{"a": tru}')
    if (result.ok) throw new Error('expected a failure')
    expect(result.problem.code).toBe('invalid_json')
    expect(result.problem.message).toMatch(/^the file is not valid JSON/)
  })
})

describe('locateJsonError', () => {
  const text = '{\n  "a": 1,\n}'
  it('turns a character position into a line and column', () => {
    expect(locateJsonError(text, 'Unexpected token } in JSON at position 12')).toEqual({ line: 3, column: 1 })
    expect(locateJsonError(text, 'Unexpected token in JSON at position 0')).toEqual({ line: 1, column: 1 })
  })

  it('reads line and column when the engine gives them', () => {
    expect(locateJsonError(text, 'Bad control character (line 2 column 7)')).toEqual({ line: 2, column: 7 })
  })

  it('places an early end of input after the last character', () => {
    expect(locateJsonError('{\n  "a": [', 'Unexpected end of JSON input')).toEqual({ line: 2, column: 9 })
  })

  it('gives up on a message without a location', () => {
    expect(locateJsonError(text, 'Unexpected token')).toBeUndefined()
  })
})
