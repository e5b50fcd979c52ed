import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { createRegistry } from '@inspectflow/nodes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CliIo } from '../apps/runtime/src/cli/cli-io'
import { main } from '../apps/runtime/src/cli/main'
import { makeTemplateFixtures, type TemplateFixtures } from './templates/template-fixtures'

/**
 * A quality engineer's first run, through the CLI as typed: a folder of good images and a folder of
 * new ones, graphs/inspect-my-line.json, no code. The answer: decisions on the new images, a report.
 */
let dir: string
let fixtures: TemplateFixtures

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'my-line-'))
  fixtures = await makeTemplateFixtures(join(dir, 'fixtures'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  return {
    out, err, cwd: dir, env: {}, registry: createRegistry(),
    stdout: { write: (text: string) => out.push(text), isTTY: false },
    stderr: { write: (text: string) => err.push(text) },
    onInterrupt: () => () => undefined,
  }
}

describe('inspectflow run graphs/inspect-my-line.json', () => {
  it('learns from good images only, sets the threshold on them and decides every new image', async () => {
    const cli = io()
    const graph = join(import.meta.dirname, '../graphs/inspect-my-line.json')
    const good = join(fixtures.SYNTHETIC_MVTEC, 'train/good')
    const fresh = join(fixtures.SYNTHETIC_MVTEC, 'test/hole')
    const code = await main(['run', graph, '--set', `goodDir=${good}`, '--set', `newDir=${fresh}`, '--set', 'imageSize=64', '--set', 'coreset=0.1', '--out', 'out'], cli)
    const stdout = cli.out.join('')
    expect(code, cli.err.join('')).toBe(0)
    expect(stdout).toMatch(/threshold [\d.]+ \(normal-fpr\)/)
    expect(stdout).toMatch(/note: overall: no defective images in the test set/)
    expect(stdout).toMatch(/report\.report: .*; new images: \d+ of 1 anomalous/)
    const html = await readFile(join(dir, 'out/report/report.html'), 'utf8')
    expect(html).toContain('New images to inspect')
    expect(html).toMatch(/hole\/000\.png<\/strong>[^<]*<span class="(anomalous|normal)">/)
  })

  it('says which graph param to set when the good folder is missing', async () => {
    const cli = io()
    const code = await main(['run', join(import.meta.dirname, '../graphs/inspect-my-line.json'), '--set', 'imageSize=64'], cli)
    expect(code).toBe(1)
    expect(cli.err.join('') + cli.out.join('')).toMatch(/images\/good": expected a directory of images, found no such directory/)
  })
})
