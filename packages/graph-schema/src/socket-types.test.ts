import { describe, expect, it } from 'vitest'

import { isSocketType, SOCKET_TYPE_NAMES, socketsCompatible } from './socket-types'

describe('socket types', () => {
  it('connects equal types, and anything into Any, but nothing else', () => {
    expect(socketsCompatible('Dataset', 'Dataset')).toBe(true)
    expect(socketsCompatible('Scores', 'Any')).toBe(true)
    expect(socketsCompatible('Any', 'Scores')).toBe(false)
    expect(socketsCompatible('DefectMaker', 'Dataset')).toBe(false)
  })

  it('knows exactly the registered names', () => {
    expect(SOCKET_TYPE_NAMES).toContain('MemoryBank')
    expect(isSocketType('MemoryBank')).toBe(true)
    expect(isSocketType('toString')).toBe(false)
  })
})
