import { describe, expect, it } from 'vitest'

import { listText, parseList } from './ListWidget'
import { rangeText } from './form-ui-schema'

describe('list widget text', () => {
  it('reads numbers separated by commas or spaces', () => {
    expect(parseList('0.2, 0.3 0.4,', 'number')).toEqual([0.2, 0.3, 0.4])
    expect(parseList('', 'integer')).toEqual([])
  })

  it('keeps a token that is not a number, so the schema check reports it', () => {
    expect(parseList('1, x', 'integer')).toEqual([1, 'x'])
  })

  it('reads words for string lists and writes a list back as text', () => {
    expect(parseList('layer2, layer3', 'string')).toEqual(['layer2', 'layer3'])
    expect(listText([7, 21])).toBe('7, 21')
  })

  it('describes number ranges', () => {
    expect(rangeText({ minimum: 0, maximum: 255 })).toBe('0 … 255')
    expect(rangeText({ exclusiveMinimum: 0, maximum: 1 })).toBe('> 0, ≤ 1')
    expect(rangeText({ type: 'number' })).toBeUndefined()
  })
})
