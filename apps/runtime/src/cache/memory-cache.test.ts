import { describe, expect, it } from 'vitest'

import { createMemoryCache } from './memory-cache'

describe('memory cache', () => {
  it('evicts the least recently used values to stay within its byte budget', () => {
    const cache = createMemoryCache(2000)
    cache.set('a', new Float32Array(200))
    cache.set('b', new Float32Array(200))
    cache.get('a')
    cache.set('c', new Float32Array(200))
    expect(cache.has('a')).toBe(true)
    expect(cache.has('b')).toBe(false)
    expect(cache.has('c')).toBe(true)
    expect(cache.bytes).toBeLessThanOrEqual(2000)
  })

  it('does not keep a value larger than the whole budget', () => {
    const cache = createMemoryCache(100)
    cache.set('big', new Float32Array(100))
    expect(cache.has('big')).toBe(false)
    expect(cache.bytes).toBe(0)
  })
})
