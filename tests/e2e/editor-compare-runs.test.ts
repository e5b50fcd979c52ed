import { readFile } from 'node:fs/promises'

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { writeTinySweepGraph } from '../../apps/runtime/test/tiny-sweep-graph'
import { chromiumPath, launchBrowser, NO_CHROMIUM, screenshot } from './support/browser'
import { ensureEditorBuild } from './support/editor-build'
import { type E2eServer, startE2eServer } from './support/e2e-server'
import { openEditor, poll } from './support/editor-page'

interface ComparedRow {
  run: string
  best: string[]
  imageAuroc: string
}

/** Waits for a run to end (expect.poll only works inside a test); a run that fails fails the suite. */
async function waitFinished(url: string): Promise<void> {
  const deadline = Date.now() + 120_000
  for (;;) {
    const { status, error } = (await (await fetch(url)).json()) as { status: string; error?: { message: string } }
    if (status === 'finished') return
    if (status === 'failed' || status === 'cancelled' || Date.now() > deadline) throw new Error(`run ${url} ended ${status}: ${error?.message ?? 'timed out'}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** Three finished runs of a tiny seeded graph, compared in the editor's Compare runs view over the run history. */
describe.skipIf(!chromiumPath)('editor: compare runs', () => {
  let env: E2eServer
  let browser: Browser
  let page: Page
  let pageErrors: string[]
  const runIds: string[] = []

  beforeAll(async () => {
    await ensureEditorBuild()
    env = await startE2eServer()
    const graph = JSON.parse(await readFile(await writeTinySweepGraph(env.dirs.root), 'utf8')) as unknown
    for (const [k, sigma] of [[1, 1], [5, 8], [3, 4]] as const) {
      const withSigma = structuredClone(graph) as { nodes: { id: string; params?: Record<string, unknown> }[] }
      const map = withSigma.nodes.find((node) => node.id === 'map')
      if (map) map.params = { sigma }
      const res = await fetch(`${env.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-requested-with': 'inspectflow-editor' }, body: JSON.stringify({ graph: withSigma, params: { k } }) })
      expect(res.status).toBe(202)
      runIds.push(((await res.json()) as { runId: string }).runId)
    }
    for (const runId of runIds) await waitFinished(`${env.url}/api/runs/${runId}`)
    browser = await launchBrowser()
    ;({ page, pageErrors } = await openEditor(browser, env.url))
  }, 400_000)

  afterAll(async () => {
    await browser?.close()
    await env?.close()
  })

  it('picks finished runs from the history and shows them side by side with their ROC curves and best marks', async () => {
    await page.getByTestId('tab-runs').click()
    await page.getByTestId('compare-open').click()
    const picks = page.getByTestId('compare-pick')
    await poll(() => picks.count()).toBe(3)
    expect(await page.getByTestId('compare-go').isDisabled()).toBe(true)
    await page.locator(`[data-testid="compare-pick"][data-run-id="${runIds[0]}"]`).check()
    expect(await page.getByTestId('compare-go').isDisabled()).toBe(true)
    await page.locator(`[data-testid="compare-pick"][data-run-id="${runIds[1]}"]`).check()
    await page.locator(`[data-testid="compare-pick"][data-run-id="${runIds[2]}"]`).check()
    await page.getByTestId('compare-go').click()
    const rows = page.getByTestId('compare-row')
    await poll(() => rows.count()).toBe(3)
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        run: tr.getAttribute('data-run-id') ?? '',
        best: [...tr.querySelectorAll('td[data-best="true"]')].map((td) => td.getAttribute('data-column') ?? ''),
        imageAuroc: tr.querySelector('td[data-column="imageAuroc"]')?.textContent ?? '',
      })),
    ) as ComparedRow[]
    expect(shown.map((row) => row.run)).toEqual(runIds)
    // the marks and numbers are the server's comparison of these runs
    const report = (await (await fetch(`${env.url}/api/compare?runs=${runIds.join(',')}`)).json()) as { runs: { id: string; imageAuroc: number }[]; best: Record<string, string[]> }
    for (const row of shown) {
      const run = report.runs.find((candidate) => candidate.id === row.run)
      expect(row.imageAuroc).toContain(run?.imageAuroc.toFixed(4))
      expect(row.best.sort()).toEqual(Object.entries(report.best).filter(([, ids]) => ids.includes(row.run)).map(([key]) => key).sort())
    }
    // k and the map node's sigma differ between the runs: k is a column (a graph param), sigma shows in the numbers
    expect(await page.locator('[data-testid="compare-table"] th').allTextContents()).toContain('k')
    expect(await page.locator('td[data-param="k"]').allTextContents()).toEqual(['1', '5', '3'])
    expect(await page.getByTestId('compare-roc-curve').count()).toBe(3)
    await screenshot(page, 'editor-compare-runs')
    await page.getByTestId('compare-close').click()
    expect(await page.getByTestId('compare-dialog').count()).toBe(0)
    expect(pageErrors).toEqual([])
  })
})

if (!chromiumPath) {
  describe('editor: compare runs', () => {
    it.skip(NO_CHROMIUM, () => {})
  })
}
