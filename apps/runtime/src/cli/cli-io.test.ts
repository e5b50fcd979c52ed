import { describe, expect, it } from 'vitest'

import { processIo } from './cli-io'

describe('processIo().onInterrupt', () => {
  it('counts SIGINTs that arrive together as one Ctrl-C, and a later one as the next', async () => {
    let calls = 0
    const remove = processIo().onInterrupt(() => {
      calls += 1
    })
    try {
      // the terminal's SIGINT and the copy forwarded by bin/huge-pages.mjs arrive within microseconds
      process.emit('SIGINT')
      process.emit('SIGINT')
      expect(calls).toBe(1)
      await new Promise((resolve) => setTimeout(resolve, 250))
      process.emit('SIGINT')
      expect(calls).toBe(2)
    } finally {
      remove()
    }
    process.emit('SIGINT')
    expect(calls).toBe(2)
  })
})
