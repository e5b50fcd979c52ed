import { readFile } from 'node:fs/promises'
import path from 'node:path'

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { makeInspectionFixture } from '../../apps/runtime/test/inspection-package-fixture'
import { chromiumPath, launchBrowser, screenshot } from './support/browser'
import { openEditor, poll } from './support/editor-page'
import { ensureEditorBuild } from './support/editor-build'
import { type E2eServer, startE2eServer } from './support/e2e-server'

/**
 * The deployment half in the editor: a finished run of a tiny inspection graph, "Export inspection",
 * and the Inspect panel where dropped images come back with a score, a decision and a heat map.
 */
describe.skipIf(!chromiumPath)('Inspect panel', () => {
  let env: E2eServer
  let browser: Browser
  let page: Page
  let pageErrors: string[]
  let goodImage = ''
  let defectImage = ''

  beforeAll(async () => {
    await ensureEditorBuild()
    env = await startE2eServer()
    const fixture = await makeInspectionFixture(path.join(env.dirs.root, 'fixture'))
    goodImage = path.join(fixture.dataRoot, 'test/good/000.png')
    defectImage = path.join(fixture.dataRoot, 'test/scratch/000.png')
    // the graph's params default to the fixture's files, so the editor's Run needs no typing
    const params = fixture.graph.params as Record<string, { default: unknown }>
    for (const [name, value] of Object.entries(fixture.overrides)) (params[name] as { default: unknown }).default = value
    const saved = await fetch(`${env.url}/api/graphs/tiny-inspection`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fixture.graph) })
    expect(saved.ok).toBe(true)
    browser = await launchBrowser()
    ;({ page, pageErrors } = await openEditor(browser, `${env.url}/?graph=tiny-inspection`))
    // a rebuild of the editor on a loaded shared machine alone has taken minutes
  }, 900_000)

  afterAll(async () => {
    await browser?.close()
    await env?.close()
  })

  it('exports a finished run and inspects dropped images with score, decision and heat map', async () => {
    await page.getByTestId('node-bank').waitFor()
    expect(await page.getByTestId('export-inspection').isDisabled()).toBe(true)
    await page.getByTestId('toolbar-run').click()
    await page.locator('[data-testid="run-status"][data-status="finished"]').waitFor({ timeout: 300_000 })
    await page.getByTestId('export-inspection').click()
    await page.getByTestId('inspect-panel').waitFor({ timeout: 120_000 })
    await poll(() => page.getByTestId('inspect-package-summary').textContent()).toMatch(/tiny inspection .* threshold/)

    // a real drop: a File in a DataTransfer, dispatched on the drop zone
    const png = (await readFile(defectImage)).toString('base64')
    const transfer = await page.evaluateHandle((b64) => {
      const data = new DataTransfer()
      data.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'scratch-000.png', { type: 'image/png' }))
      return data
    }, png)
    await page.getByTestId('inspect-drop').dispatchEvent('drop', { dataTransfer: transfer })
    await page.getByTestId('inspect-files').setInputFiles(goodImage)
    await poll(() => page.locator('[data-testid="inspect-result"][data-decision="pending"]').count()).toBe(0)
    const cards = page.getByTestId('inspect-result')
    expect(await cards.count()).toBe(2)
    for (const card of await cards.all()) {
      const decision = await card.getAttribute('data-decision')
      expect(decision).toMatch(/^(anomalous|normal)$/)
      const text = (await card.textContent()) ?? ''
      const [, score, threshold] = /score ([\d.e+-]+) \/ threshold ([\d.e+-]+)/.exec(text) ?? []
      expect(decision === 'anomalous').toBe(Number(score) >= Number(threshold))
      // the heat map is a PNG the server drew for this inspection
      await poll(() => card.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64)
    }
    expect(await page.getByTestId('inspect-tally').textContent()).toMatch(/2 image\(s\)/)
    await screenshot(page, 'inspect-panel')
    expect(pageErrors).toEqual([])
  }, 400_000)
})

