import type { GraphFile } from '@inspectflow/graph-schema'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { chromiumPath, launchBrowser, NO_CHROMIUM, screenshot } from './support/browser'
import { ensureEditorBuild } from './support/editor-build'
import { type E2eServer, startE2eServer } from './support/e2e-server'
import { addFromPalette, fetchCatalog, openEditor, poll, selectNode } from './support/editor-page'

/**
 * Every param of every node type the runtime offers can be edited in the inspector: the test walks the
 * catalog the server returns (new node types included), so a schema shape the form cannot draw fails here.
 */
describe.skipIf(!chromiumPath)('inspector forms for the whole catalog', () => {
  let env: E2eServer
  let browser: Browser
  let page: Page
  let pageErrors: string[]

  beforeAll(async () => {
    await ensureEditorBuild()
    env = await startE2eServer()
    browser = await launchBrowser()
    ;({ page, pageErrors } = await openEditor(browser, `${env.url}/`, { promptAnswer: 'e2e-forms' }))
    await page.getByTestId('toolbar-new').click()
  }, 400_000)

  afterAll(async () => {
    await browser?.close()
    await env?.close()
  })

  it('draws an input for each param of each node type, and no "Unsupported field"', async () => {
    const catalog = await fetchCatalog(env.url)
    expect(catalog.length).toBeGreaterThan(10)
    const missing: string[] = []
    for (const entry of catalog) {
      const id = await addFromPalette(page, entry.type)
      await selectNode(page, id)
      const inspector = page.getByTestId('inspector')
      const text = (await inspector.textContent()) ?? ''
      if (/unsupported field/i.test(text)) missing.push(`${entry.type}: ${text.slice(text.search(/unsupported field/i)).slice(0, 200)}`)
      for (const key of Object.keys((entry.params.properties ?? {}) as object)) {
        // A scalar's widget carries the field id; an array's fieldset holds its item inputs and an add button.
        const field = inspector.locator(`[id="params_${key}"]`)
        const widgets = await field.evaluateAll((els) =>
          els.filter((el) => el.matches('input, select, textarea') || el.querySelector('input, select, textarea, button')).length,
        )
        if (widgets === 0) missing.push(`${entry.type}: no widget for param "${key}"`)
      }
      if (entry.type === 'decide.threshold') await screenshot(page, 'forms-decide-threshold')
      if (entry.type === 'dataset.synthetic') await screenshot(page, 'forms-dataset-synthetic')
      await page.keyboard.press('Delete')
      await poll(() => page.getByTestId(`node-${id}`).count()).toBe(0)
    }
    expect(missing).toEqual([])
  }, 240_000)

  it('edits a choice param with a select that shows the choices, and saves the choice', async () => {
    const id = await addFromPalette(page, 'decide.threshold')
    await selectNode(page, id)
    const method = page.locator('#params_method')
    expect(await method.evaluate((el) => el.tagName)).toBe('SELECT')
    // Each choice shows its title from the catalog, or its value where it has none.
    const entry = (await fetchCatalog(env.url)).find((e) => e.type === 'decide.threshold')!
    const choices = ((entry.params.properties as Record<string, { anyOf?: { const: string; title?: string }[] }>).method?.anyOf ?? []).map((c) => ({
      value: c.const,
      label: c.title ?? c.const,
    }))
    expect(choices.length).toBeGreaterThan(1)
    const options = await method.locator('option').allTextContents()
    expect(options).toEqual(expect.arrayContaining(choices.map((c) => c.label)))
    await method.selectOption({ label: choices.find((c) => c.value === 'manual')!.label })
    await page.getByTestId('toolbar-save').click()
    await page.locator('.toast').filter({ hasText: 'Saved "e2e-forms"' }).waitFor()
    const saved = (await (await fetch(`${env.url}/api/graphs/e2e-forms`)).json()) as GraphFile
    expect(saved.nodes.find((n) => n.id === id)?.params).toMatchObject({ method: 'manual' })
    await screenshot(page, 'forms-choice-saved')
    expect(pageErrors).toEqual([])
  })
})

if (!chromiumPath) {
  describe('inspector forms for the whole catalog', () => {
    it.skip(NO_CHROMIUM, () => {})
  })
}
