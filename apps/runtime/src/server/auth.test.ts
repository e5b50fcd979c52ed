import { describe, expect, it } from 'vitest'

import { isLoopbackHost, tokensEqual } from './auth'
import { parseServeArgs } from './serve-args'

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1', 'app.localhost'])('accepts %s', (host) => {
    expect(isLoopbackHost(host)).toBe(true)
  })
  it.each(['0.0.0.0', '::', '192.168.1.10', 'example.com', '128.0.0.1', 'localhost.example.com'])('refuses %s', (host) => {
    expect(isLoopbackHost(host)).toBe(false)
  })
})

describe('tokensEqual', () => {
  it('matches only the same token, whatever the lengths', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true)
    expect(tokensEqual('abd', 'abc')).toBe(false)
    expect(tokensEqual('abcd', 'abc')).toBe(false)
    expect(tokensEqual('', 'abc')).toBe(false)
  })
})

describe('parseServeArgs', () => {
  it('reads the mode, both flag spellings and repeatable roots', () => {
    const args = parseServeArgs(['start', '--port=0', '--host', '::1', '--data-root', 'a', '--data-root=b', '--demo'], {})
    expect(args).toMatchObject({ mode: 'start', port: 0, host: '::1', dataRoots: ['a', 'b'], demo: true, build: true })
    expect(parseServeArgs([], { INSPECTFLOW_PORT: '9000' })).toMatchObject({ mode: 'serve', port: 9000, host: '127.0.0.1' })
  })
  it('explains a bad port, a missing value and an unknown flag', () => {
    expect(() => parseServeArgs(['--port', '70000'], {})).toThrow(/--port expects an integer from 0 to 65535, got "70000"/)
    expect(() => parseServeArgs(['--host'], {})).toThrow(/--host needs a value/)
    expect(() => parseServeArgs(['--frobnicate'], {})).toThrow(/unknown option "--frobnicate"/)
  })
})
