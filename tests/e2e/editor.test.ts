import type { GraphFile } from '@inspectflow/graph-schema'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { chromiumPath, collectPageErrors, dragBetween, launchBrowser, NO_CHROMIUM, screenshot } from './support/browser'
import { ensureEditorBuild } from './support/editor-build'
import { type E2eServer, startE2eServer } from './support/e2e-server'

/**
 * A quality engineer's session in the real editor against the real runtime: build a small graph from
 * the palette, get an incompatible link refused, edit params, save, reload, undo/redo, run and cancel.
 * The scenarios share one page and run in order, as one person would work.
 */
/** Polls with a timeout that fits a loaded CI machine. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 })

describe.skipIf(!chromiumPath)('editor end to end (small graph)', () => {
  let env: E2eServer
  let browser: Browser
  let page: Page
  let pageErrors: string[]

  const node = (id: string) => page.getByTestId(`node-${id}`)
  const socket = (id: string, side: 'input' | 'output', port: string) => page.getByTestId(`socket-${id}-${side}-${port}`)
  const link = (from: string, to: string) => page.getByTestId(`link-${from}-${to}`)
  const param = (name: string) => page.locator(`#params_${name}`)

  async function select(id: string) {
    await node(id).locator('.node-title').click()
    await poll(() => page.getByTestId('inspector').getAttribute('data-node-id')).toBe(id)
  }

  beforeAll(async () => {
    await ensureEditorBuild()
    env = await startE2eServer()
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    page.setDefaultTimeout(20_000)
    pageErrors = collectPageErrors(page)
    // Save-as asks for a name; the unsaved-change guard asks to confirm.
    page.on('dialog', (dialog) => void (dialog.type() === 'prompt' ? dialog.accept('e2e-small') : dialog.accept()))
    await page.goto(`${env.url}/`)
    await page.locator('[data-testid="app"][data-loaded="true"]').waitFor()
  }, 400_000)

  afterAll(async () => {
    await browser?.close()
    await env?.close()
  })

  it('builds a small graph from the palette and links it by dragging between sockets', async () => {
    await page.getByTestId('toolbar-new').click()
    await poll(() => page.locator('[data-testid^="node-"].node').count())
      .toBe(0)
      .catch(async (error: unknown) => {
        await screenshot(page, 'new-did-not-clear')
        throw new Error(`${String(error)}; toasts: ${(await page.locator('.toast').allTextContents()).join(' | ')}; title: ${await page.getByTestId('doc-title').textContent()}`)
      })
    await page.getByTestId('palette-search').fill('test')
    await page.getByTestId('palette-item-test.source').click()
    await page.getByTestId('palette-item-test.slow').click()
    await page.getByTestId('palette-search').fill('subset')
    await page.getByTestId('palette-item-dataset.subset').click()
    for (const id of ['source', 'slow', 'subset']) await node(id).waitFor()
    await dragBetween(page, socket('source', 'output', 'value'), socket('slow', 'input', 'value'))
    await link('source.value', 'slow.value').waitFor()
    expect(await page.getByTestId('dirty-marker').isVisible()).toBe(true)
  })

  it('refuses an incompatible connection at once and says why', async () => {
    await dragBetween(page, socket('source', 'output', 'value'), socket('subset', 'input', 'dataset'))
    const toast = page.getByTestId('toast-error')
    await toast.waitFor()
    expect(await toast.textContent()).toContain('Cannot connect Number to Dataset')
    expect(await link('source.value', 'subset.dataset').count()).toBe(0)
    await screenshot(page, 'connection-refused')
  })

  it('edits a parameter in the inspector, with validation messages', async () => {
    await select('slow')
    await param('delayMs').fill('-5')
    await poll(() => page.locator('.inspector .error-detail').count()).toBeGreaterThan(0)
    await param('delayMs').fill('20')
    await poll(() => page.locator('.inspector .error-detail').count()).toBe(0)
    await page.waitForTimeout(300)
    await param('batches').fill('4')
    expect(await param('batches').inputValue()).toBe('4')
  })

  it('undoes and redoes an edit', async () => {
    await page.waitForTimeout(300)
    await page.getByTestId('toolbar-undo').click()
    await poll(() => param('batches').inputValue()).toBe('3')
    await page.getByTestId('toolbar-redo').click()
    await poll(() => param('batches').inputValue()).toBe('4')
  })

  it('saves, reloads the page and finds the graph intact', async () => {
    await page.getByTestId('toolbar-save').click()
    // Saved even with problems (the subset node's input is not connected), and the problem is shown on it.
    await page.locator('.toast').filter({ hasText: 'Saved "e2e-small"' }).waitFor()
    expect(await page.getByTestId('dirty-marker').count()).toBe(0)
    await poll(() => node('subset').getAttribute('class')).toContain('has-problems')
    const saved = (await (await fetch(`${env.url}/api/graphs/e2e-small`)).json()) as GraphFile
    expect(saved.nodes.map((n) => n.id).sort()).toEqual(['slow', 'source', 'subset'])
    expect(saved.edges).toEqual([{ from: { node: 'source', port: 'value' }, to: { node: 'slow', port: 'value' } }])
    expect(saved.nodes.find((n) => n.id === 'slow')?.params).toMatchObject({ batches: 4, delayMs: 20 })
    expect(typeof saved.nodes[0]?.ui?.x).toBe('number')

    await page.reload()
    expect(page.url()).toContain('graph=e2e-small')
    for (const id of ['source', 'slow', 'subset']) await node(id).waitFor()
    await link('source.value', 'slow.value').waitFor()
    await select('slow')
    expect(await param('batches').inputValue()).toBe('4')
  })

  it('runs the graph: progress on the node, then done with its preview image', async () => {
    // A graph with an unconnected required input does not run; remove the spare node first.
    await select('subset')
    await page.keyboard.press('Delete')
    await poll(() => node('subset').count()).toBe(0)
    // Slow enough (10 x 150 ms) that the progress bar can be seen.
    await select('slow')
    await param('batches').fill('10')
    await param('delayMs').fill('150')
    await page.getByTestId('toolbar-run').click()
    await page.getByTestId('node-progress-slow').waitFor()
    await page.locator('[data-testid="run-status"][data-status="finished"]').waitFor()
    expect(await page.getByTestId('node-status-slow').getAttribute('data-state')).toBe('done')
    expect(await page.getByTestId('node-status-source').getAttribute('data-state')).toBe('done')
    await page.getByTestId('node-preview-slow').waitFor()
    await page.getByTestId('tab-log').click()
    expect(await page.getByTestId('run-log').textContent()).toContain('run finished')
  })

  it('cancels a run while a node is running', async () => {
    await select('slow')
    await param('batches').fill('400')
    await page.getByTestId('toolbar-run').click()
    await poll(() => page.getByTestId('node-status-slow').getAttribute('data-state')).toBe('running')
    await page.getByTestId('node-progress-slow').waitFor()
    await page.getByTestId('toolbar-cancel').click()
    await page.locator('[data-testid="run-status"][data-status="cancelled"]').waitFor()
    expect(await page.getByTestId('node-status-slow').getAttribute('data-state')).toBe('cancelled')
    expect(await page.getByTestId('toolbar-run').isEnabled()).toBe(true)
    await screenshot(page, 'run-cancelled')
    expect(pageErrors).toEqual([])
  })
})

if (!chromiumPath) {
  describe('editor end to end (small graph)', () => {
    it.skip(NO_CHROMIUM, () => {})
  })
}
