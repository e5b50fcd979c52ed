import type { GraphFile } from '@inspectflow/graph-schema'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { chromiumPath, launchBrowser, NO_CHROMIUM, screenshot } from './support/browser'
import { ensureEditorBuild } from './support/editor-build'
import { type E2eServer, startE2eServer } from './support/e2e-server'
import { openEditor, poll, selectNode } from './support/editor-page'

/** source -> fail -> slow: a run to "source" succeeds, a whole run fails at "fail". */
function graph(): GraphFile {
  const node = (id: string, type: string, x: number, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: 1, params, ui: { x, y: 80 } })
  const edge = (from: string, to: string) => ({ from: { node: from, port: 'value' }, to: { node: to, port: 'value' } })
  return {
    schemaVersion: 1,
    name: 'runs to keep',
    nodes: [node('source', 'test.source', 0, { value: 1 }), node('fail', 'test.fail', 300), node('slow', 'test.slow', 600, { batches: 1, delayMs: 1 })],
    edges: [edge('source', 'fail'), edge('fail', 'slow')],
  }
}

/** Run to a node, and the run history: past runs reopened with their log and node states after a reload. */
describe.skipIf(!chromiumPath)('run to here and run history', () => {
  let env: E2eServer
  let browser: Browser
  let page: Page
  let pageErrors: string[]
  const status = (id: string) => page.getByTestId(`node-status-${id}`)

  beforeAll(async () => {
    await ensureEditorBuild()
    env = await startE2eServer()
    const put = await fetch(`${env.url}/api/graphs/e2e-runs`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(graph()) })
    expect(put.ok).toBe(true)
    browser = await launchBrowser()
    ;({ page, pageErrors } = await openEditor(browser, `${env.url}/?graph=e2e-runs`))
  }, 400_000)

  afterAll(async () => {
    await browser?.close()
    await env?.close()
  })

  it('runs only up to the chosen node', async () => {
    await selectNode(page, 'source')
    await poll(() => page.getByTestId('inspector-run-to').isEnabled()).toBe(true)
    await page.getByTestId('inspector-run-to').click()
    await page.locator('[data-testid="run-status"][data-status="finished"]').waitFor()
    expect(await status('source').getAttribute('data-state')).toBe('done')
    expect(await status('fail').count()).toBe(0)
  })

  it('lists past runs and reopens a failed one after a reload, with its log and node states', async () => {
    await page.getByTestId('toolbar-run').click()
    await page.locator('[data-testid="run-status"][data-status="failed"]').waitFor()
    await page.reload()
    await page.locator('[data-testid="app"][data-loaded="true"]').waitFor()
    expect(await page.getByTestId('run-status').count()).toBe(0)
    await page.getByTestId('tab-runs').click()
    const rows = page.getByTestId('run-history-row')
    await poll(() => rows.count()).toBe(2)
    await screenshot(page, 'runs-history')
    await rows.filter({ hasText: 'failed' }).click()
    await page.locator('[data-testid="run-status"][data-status="failed"]').waitFor()
    await poll(() => status('fail').getAttribute('data-state')).toBe('failed')
    await poll(() => page.getByTestId('run-log').textContent()).toContain('run failed')
  })

  it('runs the graph with Ctrl+Enter, as ComfyUI queues a prompt', async () => {
    await page.getByTestId('canvas').click({ position: { x: 30, y: 30 } })
    await page.keyboard.press('Control+Enter')
    await page.getByTestId('tab-runs').click()
    await poll(() => page.getByTestId('run-history-row').count()).toBe(3)
    expect(pageErrors).toEqual([])
  })
})

if (!chromiumPath) {
  describe('run to here and run history', () => {
    it.skip(NO_CHROMIUM, () => {})
  })
}
