import { describe, expect, it } from 'vitest'

import { copyName, graphNameProblem } from './graph-names'

describe('graph names', () => {
  const templates = new Set(['demo'])

  it('accepts the names the server accepts, spaces and dots included', () => {
    expect(graphNameProblem('bottle line 2.v1', templates)).toBeUndefined()
  })

  it('says why a name is refused', () => {
    expect(graphNameProblem('../x', templates)).toContain('starting with a letter or digit')
    expect(graphNameProblem('demo', templates)).toContain('read-only template')
  })

  it('suggests a free copy name', () => {
    expect(copyName('demo', new Set(['demo']))).toBe('demo-copy')
    expect(copyName('demo', new Set(['demo', 'demo-copy']))).toBe('demo-copy2')
  })
})
