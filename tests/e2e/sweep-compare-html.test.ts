import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

import { createRegistry } from '@inspectflow/nodes'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CliIo } from '../../apps/runtime/src/cli/cli-io'
import { main } from '../../apps/runtime/src/cli/main'
import type { CompareReport } from '@inspectflow/graph-schema'
import { tempDir } from '../../apps/runtime/test/run-helpers'
import { writeTinySweepGraph } from '../../apps/runtime/test/tiny-sweep-graph'
import { chromiumPath, collectPageErrors, launchBrowser, NO_CHROMIUM, screenshot } from './support/browser'

/** A real sweep of a tiny seeded graph, its compare.html opened in Chromium from the file system. */
describe.skipIf(!chromiumPath)('sweep compare.html in a browser', () => {
  let dir: string
  let report: CompareReport
  let browser: Browser

  beforeAll(async () => {
    dir = await tempDir()
    const graph = await writeTinySweepGraph(dir)
    const io: CliIo = {
      stdout: { write: () => true, isTTY: false },
      stderr: { write: () => true },
      registry: createRegistry(),
      cwd: dir,
      env: {},
      onInterrupt: () => () => undefined,
    }
    expect(await main(['sweep', graph, '--grid', 'map.sigma=1,8', '--grid', 'map.imageScore=max,block-mean-max', '--grid', 'k=1,5', '--out', 'sweep', '--cache', join(dir, 'cache')], io)).toBe(0)
    report = JSON.parse(await readFile(join(dir, 'sweep', 'compare.json'), 'utf8')) as CompareReport
    browser = await launchBrowser()
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('shows a row per run with its params, the best of each column marked and every ROC curve', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    const errors = collectPageErrors(page)
    const requests: string[] = []
    page.on('request', (request) => requests.push(request.url()))
    await page.goto(pathToFileURL(join(dir, 'sweep', 'compare.html')).href)
    const rows = page.getByTestId('compare-row')
    expect(await rows.count()).toBe(8)
    for (const [index, run] of report.runs.entries()) {
      const row = rows.nth(index)
      expect(await row.getAttribute('data-run')).toBe(run.id)
      for (const name of ['map.sigma', 'map.imageScore', 'k']) expect(await row.locator(`td[data-param="${name}"]`).textContent()).toBe(String(run.params[name]))
      expect(await row.locator('td[data-column="imageAuroc"]').textContent()).toContain((run.imageAuroc as number).toFixed(4))
    }
    // the marks sit where compare.json's values say, and nowhere else
    for (const column of report.columns) {
      const marked = await page.locator(`tr[data-testid="compare-row"]:has(td[data-column="${column.key}"][data-best="true"])`).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run')))
      const candidates = report.runs.filter((run) => !(column.key === 'fitMs' && run.fitCached))
      const values = candidates.map((run) => run[column.key] as number)
      const target = column.better === 'higher' ? Math.max(...values) : Math.min(...values)
      const bestRuns = candidates.filter((run) => Math.abs((run[column.key] as number) - target) <= 1e-9).map((run) => run.id)
      expect(marked, column.key).toEqual(candidates.length < 2 || bestRuns.length === candidates.length ? [] : bestRuns)
    }
    // the sweep is not all ties: some runs are marked best in a column and others are not
    const marks = await page.locator('td[data-column="imageAuroc"][data-best="true"], td[data-column="pixelAuroc"][data-best="true"]').count()
    expect(marks).toBeGreaterThan(0)
    expect(marks).toBeLessThan(16)
    const bestCell = page.locator('td[data-best="true"]').first()
    expect(await bestCell.evaluate((td) => getComputedStyle(td, '::after').content)).toContain('★')
    expect(await page.locator('[data-testid="roc-overlay"] path.roc-curve').count()).toBe(8)
    await screenshot(page, 'sweep-compare-html')
    // self-contained: the page fetched nothing but itself
    expect(requests.filter((url) => !url.endsWith('compare.html'))).toEqual([])
    expect(errors).toEqual([])
    await page.close()
  })
})

if (!chromiumPath) {
  describe('sweep compare.html in a browser', () => {
    it.skip(NO_CHROMIUM, () => {})
  })
}
