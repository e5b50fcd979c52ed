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
  it('the runtime and the tests use the packages through their entry points only', () => {
    const deep = /^@inspectflow\/(nodes|graph-schema)\//
    expect(violations('apps/runtime/src', (s) => !deep.test(s))).toEqual([])
    expect(violations('tests', (s) => !deep.test(s))).toEqual([])
  })
  it('every dynamic import names its module literally', () => {
    const byVariable = (dir: string) =>
      sourceFiles(join(root, dir))
        .filter((file) => /\bimport\(\s*[^'"\s)]/.test(readFileSync(file, 'utf8')))
        .map((file) => relative(root, file))
    expect(['packages', 'apps/runtime/src', 'apps/editor/src'].flatMap(byVariable)).toEqual([])
  })
  it('test helpers live in each package\'s test/ folder, not among the sources', () => {
    const helpers = ['packages/graph-schema/src', 'packages/nodes/src', 'apps/runtime/src', 'apps/editor/src']
      .flatMap((dir) => sourceFiles(join(root, dir)))
      .map((file) => relative(root, file))
      .filter((file) => /\/(test-support|testing|fixtures)\/|test-(fixtures|helpers|context|scores)\.ts$/.test(file))
    expect(helpers).toEqual([])
  })
  it("the nodes package's folders depend on each other without cycles", () => {
    expect(folderCycles(join(root, 'packages/nodes/src'))).toEqual([])
  })
})

/** Import edges between the top-level folders of a package's src (tests left out), and any cycle among them. */
function folderCycles(src: string): string[] {
  const edges = new Map<string, Set<string>>()
  for (const file of sourceFiles(src).filter((f) => !f.includes('.test.'))) {
    const from = relative(src, file).split('/')[0] as string
    for (const spec of importsOf(file).filter(isRelative)) {
      const to = relative(src, join(file, '..', spec)).split('/')[0] as string
      if (to !== from && !to.startsWith('..') && !/\.tsx?$/.test(to)) edges.set(from, (edges.get(from) ?? new Set()).add(to))
    }
  }
  const cycles: string[] = []
  const visit = (folder: string, path: string[]): void => {
    if (path.includes(folder)) {
      cycles.push([...path.slice(path.indexOf(folder)), folder].join(' -> '))
      return
    }
    for (const next of edges.get(folder) ?? []) visit(next, [...path, folder])
  }
  for (const folder of edges.keys()) visit(folder, [])
  return [...new Set(cycles)]
}
