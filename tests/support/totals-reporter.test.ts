import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// Runs a real vitest over small fixture files with the totals reporter and reads its last line, so
// what CI's `.ci/run` greps is checked against what vitest itself decided.
const repo = resolve(import.meta.dirname, '../..')
mkdirSync(join(repo, 'test-results'), { recursive: true })
const dir = mkdtempSync(join(repo, 'test-results', 'totals-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function totalsOf(files: Record<string, string>): string {
  const root = mkdtempSync(join(dir, 'case-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text)
  writeFileSync(
    join(root, 'vitest.config.mjs'),
    `export default { test: { include: ['*.check.mjs'], reporters: [${JSON.stringify(join(repo, 'tests/support/totals-reporter.ts'))}] } }\n`,
  )
  const vitest = join(repo, 'node_modules/vitest/vitest.mjs')
  const run = spawnSync(process.execPath, [vitest, 'run', '--root', root], { encoding: 'utf8', timeout: 60_000 })
  const lines = run.stdout.trim().split('\n')
  return lines[lines.length - 1] ?? ''
}

describe('totals reporter', () => {
  it('counts passes, failures and skips of plain tests', () => {
    const line = totalsOf({
      'a.check.mjs': `import { it, expect } from 'vitest'
it('passes', () => expect(1).toBe(1))
it('fails', () => expect(1).toBe(2))
it.skip('skipped', () => {})\n`,
    })
    expect(line).toBe('1 passed, 1 failed, 1 skipped')
  })

  it('counts a file whose beforeAll hook failed as a failure, not as skips', () => {
    const line = totalsOf({
      'hook.check.mjs': `import { beforeAll, it, expect } from 'vitest'
beforeAll(() => { throw new Error('set-up broke') })
it('never runs', () => expect(1).toBe(1))\n`,
    })
    expect(line).toMatch(/^0 passed, [1-9]\d* failed, \d+ skipped$/)
  })
})
