import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { chromiumPath, launchBrowser, NO_CHROMIUM, screenshot } from './support/browser'
import { ensureEditorBuild } from './support/editor-build'
import { type E2eServer, startE2eServer } from './support/e2e-server'
import { addFromPalette, openEditor, poll, selectNode } from './support/editor-page'

/** Drags from a point of the page by (dx, dy) screen pixels, in small steps, as a person would. */
async function dragFrom(page: Page, at: { x: number; y: number }, dx: number, dy: number): Promise<void> {
  await page.mouse.move(at.x, at.y)
  await page.mouse.down()
  await page.mouse.move(at.x + dx / 2, at.y + dy / 2, { steps: 5 })
  await page.mouse.move(at.x + dx, at.y + dy, { steps: 5 })
  await page.mouse.up()
}

/** A point of a bar that is neither its text field nor its button: where a person grabs it. */
async function grabPoint(bar: Locator): Promise<{ x: number; y: number }> {
  const box = (await bar.boundingBox())!
  const field = (await bar.locator('input').count()) ? await bar.locator('input').boundingBox() : null
  const button = (await bar.locator('button').boundingBox())!
  const from = field ? field.x + field.width : box.x
  return { x: (from + button.x) / 2, y: box.y + box.height / 2 }
}

const left = async (locator: Locator) => (await locator.boundingBox())!.x

/** Sticky notes and frames are part of the undo history like nodes: add, move, edit and delete undo and redo. */
describe.skipIf(!chromiumPath)('notes and frames in undo and redo', () => {
  let env: E2eServer
  let browser: Browser
  let page: Page
  let pageErrors: string[]
  // Out of any text field, where Ctrl+Z is the browser's own text undo.
  const leaveFields = () => page.getByTestId('canvas').click({ position: { x: 30, y: 30 } })
  const press = async (keys: string) => {
    await leaveFields()
    await page.keyboard.press(keys)
  }

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

  it('undoes and redoes adding, editing, moving and deleting a note', async () => {
    const note = page.getByTestId('note-note1')
    const text = page.getByTestId('note-text-note1')
    await page.getByTestId('add-note').click()
    await note.waitFor()
    await press('Control+z')
    await poll(() => note.count()).toBe(0)
    await press('Control+Shift+z')
    await note.waitFor()

    await text.fill('check the lighting first')
    await press('Control+z')
    await poll(() => text.inputValue()).toBe('')
    await press('Control+y')
    await poll(() => text.inputValue()).toBe('check the lighting first')

    const before = await left(note)
    await dragFrom(page, await grabPoint(note.locator('.canvas-note-bar')), 160, 80)
    const moved = await left(note)
    expect(moved - before).toBeGreaterThan(100)
    await screenshot(page, 'undo-note-moved')
    await press('Control+z')
    await poll(() => left(note)).toBeCloseTo(before, 0)
    await press('Control+Shift+z')
    await poll(() => left(note)).toBeCloseTo(moved, 0)

    await page.getByTestId('note-delete-note1').click()
    await poll(() => note.count()).toBe(0)
    await press('Control+z')
    await poll(() => text.inputValue()).toBe('check the lighting first')
    await poll(() => left(note)).toBeCloseTo(moved, 0)
  })

  it('undoes and redoes a frame: adding, its title, a move that carries its nodes, deleting', async () => {
    const id = await addFromPalette(page, 'test.source')
    await selectNode(page, id)
    const frame = page.getByTestId('frame-frame1')
    const title = page.getByTestId('frame-title-frame1')
    const node = page.getByTestId(`node-${id}`)
    await page.getByTestId('add-frame').click()
    await frame.waitFor()
    await press('Control+z')
    await poll(() => frame.count()).toBe(0)
    await press('Control+y')
    await frame.waitFor()

    await title.fill('Inputs')
    await press('Control+z')
    await poll(() => title.inputValue()).toBe('Group')
    await press('Control+Shift+z')
    await poll(() => title.inputValue()).toBe('Inputs')

    const [frameBefore, nodeBefore] = [await left(frame), await left(node)]
    const notePlace = await left(page.getByTestId('note-note1'))
    const bar = frame.locator('.frame-bar')
    const grab = await grabPoint(bar)
    // The press lands on the bar itself, not on the title field or the delete button.
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.className, grab)).toBe('frame-bar')
    await dragFrom(page, grab, 140, 60)
    const [frameMoved, nodeMoved] = [await left(frame), await left(node)]
    expect(frameMoved - frameBefore).toBeGreaterThan(100)
    expect(nodeMoved - nodeBefore).toBeGreaterThan(100)
    // A move of the frame, not a pan of the canvas: what lies outside the frame stayed.
    expect(await left(page.getByTestId('note-note1'))).toBeCloseTo(notePlace, 0)
    await press('Control+z')
    // One step takes back the frame and the node it carried.
    await poll(() => left(frame)).toBeCloseTo(frameBefore, 0)
    await poll(() => left(node)).toBeCloseTo(nodeBefore, 0)
    await press('Control+y')
    await poll(() => left(frame)).toBeCloseTo(frameMoved, 0)
    await poll(() => left(node)).toBeCloseTo(nodeMoved, 0)
    await screenshot(page, 'undo-frame-redone')

    await page.getByTestId('frame-delete-frame1').click()
    await poll(() => frame.count()).toBe(0)
    await press('Control+z')
    await poll(() => title.inputValue()).toBe('Inputs')
    // The node stayed where the frame left it: deleting a frame never moved it.
    expect(await left(node)).toBeCloseTo(nodeMoved, 0)
    expect(pageErrors).toEqual([])
  })
})

if (!chromiumPath) {
  describe('notes and frames in undo and redo', () => {
    it.skip(NO_CHROMIUM, () => {})
  })
}
