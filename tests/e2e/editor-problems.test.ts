import type { GraphFile } from '@inspectflow/graph-schema'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { chromiumPath, dragBetween, launchBrowser, NO_CHROMIUM, screenshot } from './support/browser'
import { ensureEditorBuild } from './support/editor-build'
import { type E2eServer, startE2eServer } from './support/e2e-server'
import { addFromPalette, openEditor, poll, selectNode } from './support/editor-page'

/** source -> fail -> slow: the middle node throws, so the last one never runs. */
function failingGraph(): GraphFile {
  const node = (id: string, type: string, x: number, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: 1, params, ui: { x, y: 80 } })
  const edge = (from: string, to: string) => ({ from: { node: from, port: 'value' }, to: { node: to, port: 'value' } })
  return {
    schemaVersion: 1,
    name: 'fails in the middle',
    nodes: [node('source', 'test.source', 0, { value: 1 }), node('fail', 'test.fail', 300), node('slow', 'test.slow', 600, { batches: 1, delayMs: 1 })],
    edges: [edge('source', 'fail'), edge('fail', 'slow')],
  }
}

/**
 * Problems live on the graph: the editor checks the graph with the server after every change, marks
 * the nodes, lists the problems, and will not run a graph that has any; a failed run says why.
 */
describe.skipIf(!chromiumPath)('problems on the nodes', () => {
  let env: E2eServer
  let browser: Browser
  let page: Page
  let pageErrors: string[]
  const run = () => page.getByTestId('toolbar-run')

  beforeAll(async () => {
    await ensureEditorBuild()
    env = await startE2eServer()
    browser = await launchBrowser()
    ;({ page, pageErrors } = await openEditor(browser, `${env.url}/`))
  }, 400_000)

  afterAll(async () => {
    await browser?.close()
    await env?.close()
  })

  it('does not run an empty graph and says why', async () => {
    await page.getByTestId('toolbar-new').click()
    await poll(() => page.getByTestId('problem-count').textContent()).toBe('1')
    expect(await run().isDisabled()).toBe(true)
    expect(await run().getAttribute('title')).toContain('no nodes')
  })

  it('marks a node with a problem, lists it, and selects the node from the list', async () => {
    const subset = await addFromPalette(page, 'dataset.subset')
    const node = page.getByTestId(`node-${subset}`)
    await poll(() => node.getAttribute('class')).toContain('has-problems')
    expect(await page.getByTestId(`node-problem-${subset}`).textContent()).toMatch(/required input "dataset"/)
    expect(await run().isDisabled()).toBe(true)
    await page.getByTestId('toolbar-problems').click()
    const problem = page.locator(`[data-testid="problem"][data-node-id="${subset}"]`).first()
    expect(await problem.textContent()).toContain('dataset')
    await screenshot(page, 'problems-listed')
    await problem.click()
    await poll(() => page.getByTestId('inspector').getAttribute('data-node-id')).toBe(subset)
    expect(await page.getByTestId('inspector-problems').textContent()).toMatch(/required input "dataset"/)
  })

  it('re-checks after an edit: a bad param marks its node, fixing it clears the mark and enables Run', async () => {
    await page.keyboard.press('Delete')
    const source = await addFromPalette(page, 'test.source')
    const slow = await addFromPalette(page, 'test.slow')
    await poll(() => page.getByTestId(`node-${slow}`).getAttribute('class')).toContain('has-problems')
    await dragBetween(page, page.getByTestId(`socket-${source}-output-value`), page.getByTestId(`socket-${slow}-input-value`))
    await poll(() => page.getByTestId('problem-count').textContent()).toBe('0')
    expect(await run().isEnabled()).toBe(true)
    await selectNode(page, slow)
    await page.locator('#params_batches').fill('0')
    await poll(() => page.getByTestId(`node-${slow}`).getAttribute('class')).toContain('has-problems')
    expect(await run().isDisabled()).toBe(true)
    await page.locator('#params_batches').fill('2')
    await poll(() => page.getByTestId(`node-${slow}`).getAttribute('class')).not.toContain('has-problems')
    expect(await run().isEnabled()).toBe(true)
  })

  it('shows a failed run with its message on the failing node, and no node left queued', async () => {
    const put = await fetch(`${env.url}/api/graphs/e2e-fails`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(failingGraph()) })
    expect(put.ok).toBe(true)
    await page.goto(`${env.url}/?graph=e2e-fails`)
    await page.locator('[data-testid="app"][data-loaded="true"]').waitFor()
    await poll(() => run().isEnabled()).toBe(true)
    await run().click()
    await page.locator('[data-testid="run-status"][data-status="failed"]').waitFor()
    const status = (await page.getByTestId('run-status').textContent()) ?? ''
    expect(status).not.toContain('[object Object]')
    expect(status).toMatch(/failed: .+/)
    await poll(() => page.getByTestId('node-status-fail').getAttribute('data-state')).toBe('failed')
    expect(await page.getByTestId('node-error-fail').textContent()).toMatch(/positive number|below 0/)
    const states = await page.locator('[data-testid^="node-status-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))
    expect(states).not.toContain('queued')
    expect(await run().isEnabled()).toBe(true)
    await screenshot(page, 'problems-run-failed')
    expect(pageErrors).toEqual([])
  })
})

if (!chromiumPath) {
  describe('problems on the nodes', () => {
    it.skip(NO_CHROMIUM, () => {})
  })
}
