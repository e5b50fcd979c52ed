import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { chromiumPath, dragBetween, launchBrowser, NO_CHROMIUM, screenshot } from './support/browser'
import { ensureEditorBuild } from './support/editor-build'
import { type E2eServer, startE2eServer } from './support/e2e-server'
import { addFromPalette, nodeIds, openEditor, poll } from './support/editor-page'

/** Selection habits from ComfyUI and n8n: select all, copy/paste through the clipboard, duplicate, delete a wire. */
describe.skipIf(!chromiumPath)('selection, clipboard and wires', () => {
  let env: E2eServer
  let browser: Browser
  let page: Page
  let pageErrors: string[]
  const selected = () => page.locator('.node.selected').count()
  /** Clicks an empty spot of the canvas, so keys go to the canvas and not to a form field. */
  const focusCanvas = () => page.getByTestId('canvas').click({ position: { x: 30, y: 30 } })

  beforeAll(async () => {
    await ensureEditorBuild()
    env = await startE2eServer()
    browser = await launchBrowser()
    ;({ page, pageErrors } = await openEditor(browser, `${env.url}/`))
    await page.getByTestId('toolbar-new').click()
  }, 400_000)

  afterAll(async () => {
    await browser?.close()
    await env?.close()
  })

  it('selects every node with Ctrl+A', async () => {
    const source = await addFromPalette(page, 'test.source')
    const slow = await addFromPalette(page, 'test.slow')
    await dragBetween(page, page.getByTestId(`socket-${source}-output-value`), page.getByTestId(`socket-${slow}-input-value`))
    await page.getByTestId(`link-${source}.value-${slow}.value`).waitFor()
    await focusCanvas()
    await page.keyboard.press('Control+a')
    await poll(selected).toBe(2)
  })

  it('selects the nodes a Shift+drag box touches, and only those', async () => {
    await focusCanvas()
    await poll(selected).toBe(0)
    const box = (await page.getByTestId('node-source').boundingBox())!
    await page.keyboard.down('Shift')
    await page.mouse.move(box.x - 20, box.y - 20)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 6 })
    await page.getByTestId('box-select').waitFor()
    await screenshot(page, 'edits-box-select')
    await page.mouse.up()
    await page.keyboard.up('Shift')
    await poll(selected).toBe(1)
    expect(await page.getByTestId('node-source').getAttribute('class')).toContain('selected')
    expect(await page.getByTestId('box-select').count()).toBe(0)
    await page.keyboard.press('Control+a')
    await poll(selected).toBe(2)
  })

  it('copies and pastes the selection with its link, under fresh ids', async () => {
    await page.keyboard.press('Control+c')
    await page.mouse.move(300, 600)
    await page.keyboard.press('Control+v')
    await poll(async () => (await nodeIds(page)).sort()).toEqual(['slow', 'slow2', 'source', 'source2'])
    await page.getByTestId('link-source2.value-slow2.value').waitFor()
    expect(await selected()).toBe(2)
    await screenshot(page, 'edits-pasted')
  })

  it('duplicates the selection with Ctrl+D', async () => {
    await page.keyboard.press('Control+d')
    await poll(async () => (await nodeIds(page)).length).toBe(6)
    await page.getByTestId('link-source3.value-slow3.value').waitFor()
  })

  it('deletes a clicked wire and keeps its nodes', async () => {
    const wire = page.getByTestId('link-source.value-slow.value').locator('path.link-hit')
    const box = await page.getByTestId('socket-source-output-value').boundingBox()
    // Click the wire a little to the right of the output socket, where it surely runs.
    await page.mouse.click(box!.x + box!.width + 14, box!.y + box!.height / 2)
    await poll(() => page.getByTestId('link-source.value-slow.value').getAttribute('class')).toContain('picked')
    expect(await wire.count()).toBe(1)
    await page.keyboard.press('Delete')
    await poll(() => page.getByTestId('link-source.value-slow.value').count()).toBe(0)
    expect((await nodeIds(page)).length).toBe(6)
  })

  it('deletes every selected node with Delete', async () => {
    await focusCanvas()
    await page.keyboard.press('Control+a')
    await page.keyboard.press('Delete')
    await poll(async () => (await nodeIds(page)).length).toBe(0)
  })

  it('adds a node from the quick-add box on a double-click on the empty canvas', async () => {
    const zoom = await page.getByTestId('zoom-level').getAttribute('data-zoom')
    await page.getByTestId('canvas').dblclick({ position: { x: 200, y: 150 } })
    await page.getByTestId('quick-add').waitFor()
    await page.getByTestId('quick-add-search').fill('test source')
    await page.keyboard.press('Enter')
    await poll(() => nodeIds(page)).toEqual(['source'])
    expect(await page.getByTestId('quick-add').count()).toBe(0)
    // The double-click opened the box and did not also zoom in.
    expect(await page.getByTestId('zoom-level').getAttribute('data-zoom')).toBe(zoom)
  })

  it('offers only the nodes that take a wire let go on the canvas, and links the chosen one', async () => {
    const from = await page.getByTestId('socket-source-output-value').boundingBox()
    await page.mouse.move(from!.x + 8, from!.y + 8)
    await page.mouse.down()
    await page.mouse.move(from!.x + 200, from!.y + 120, { steps: 10 })
    await page.mouse.up()
    await page.getByTestId('quick-add').waitFor()
    expect(await page.getByTestId('quick-add-item-test.slow').count()).toBe(1)
    expect(await page.getByTestId('quick-add-item-dataset.subset').count()).toBe(0)
    await screenshot(page, 'edits-quick-add-wire')
    await page.getByTestId('quick-add-item-test.slow').click()
    await page.getByTestId('link-source.value-slow.value').waitFor()
    expect(pageErrors).toEqual([])
  })
})

if (!chromiumPath) {
  describe('selection, clipboard and wires', () => {
    it.skip(NO_CHROMIUM, () => {})
  })
}
