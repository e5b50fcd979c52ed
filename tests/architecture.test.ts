import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

import { describe, expect, it } from 'vitest'

/**
 * Dependencies point one way (ARCHITECTURE.md): editor -> graph-schema; runtime -> nodes -> graph-schema.
 * graph-schema depends on ajv only, nodes never imports HTTP or UI libraries, and the executor never
 * imports socket.io. This test reads every import so a violation fails CI instead of creeping in.
 */
const root = join(import.meta.dirname, '..')

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry)
    if (entry === 'node_modules' || entry === 'dist') continue
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (/\.(ts|tsx)$/.test(entry)) out.push(path)
  }
  return out
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specs = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)]
  return specs.map((m) => m[1] ?? m[2] ?? '')
}

function violations(dir: string, allowed: (spec: string) => boolean): string[] {
  return sourceFiles(join(root, dir)).flatMap((file) =>
    importsOf(file)
      .filter((spec) => !allowed(spec))
      .map((spec) => `${relative(root, file)} imports ${spec}`),
  )
}

const isRelative = (spec: string) => spec.startsWith('.')
const isNodeBuiltin = (spec: string) => spec.startsWith('node:')

describe('module boundaries', () => {
  it('graph-schema depends on ajv only', () => {
    expect(violations('packages/graph-schema/src', (s) => isRelative(s) || s === 'vitest' || s.startsWith('ajv') || isNodeBuiltin(s))).toEqual([])
  })
  it('nodes never imports express, socket.io, react or the runtime', () => {
    const forbidden = /^(express|socket\.io|react|react-dom|rete|@inspectflow\/runtime|@inspectflow\/editor)(\/|$)/
    expect(violations('packages/nodes/src', (s) => !forbidden.test(s) && !s.includes('apps/'))).toEqual([])
  })
  it('the executor never imports socket.io or express', () => {
    expect(violations('apps/runtime/src/executor', (s) => !/^(socket\.io|express)/.test(s) && !s.includes('/server'))).toEqual([])
  })
  it('the editor talks to the runtime over HTTP only', () => {
    expect(violations('apps/editor/src', (s) => !/^@inspectflow\/(nodes|runtime)/.test(s) && !isNodeBuiltin(s) && !s.includes('packages/nodes') && !s.includes('apps/runtime'))).toEqual([])
  })
})
