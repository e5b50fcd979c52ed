import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { chromiumPath, launchBrowser, NO_CHROMIUM, screenshot } from './support/browser'
import { ensureEditorBuild } from './support/editor-build'
import { type E2eServer, startE2eServer } from './support/e2e-server'
import { addFromPalette, fetchCatalog, openEditor, poll, selectNode } from './support/editor-page'

/** The folders a person would browse: a line's good and defect images, a manifest, and a link out of the root. */
function makeData(root: string): void {
  for (const dir of ['line1/good', 'line1/defect/scratch', 'manifests']) mkdirSync(path.join(root, dir), { recursive: true })
  for (const name of ['000.png', '001.png']) writeFileSync(path.join(root, 'line1/good', name), 'png')
  writeFileSync(path.join(root, 'manifests/set.json'), '{}')
  writeFileSync(path.join(root, '.secret'), 'x')
  symlinkSync(os.tmpdir(), path.join(root, 'tmp-link'))
}

const entryNames = (page: Page) => page.getByTestId('path-entry').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-name')}`))

/** Path params get a Browse button that picks folders (or files) under the server's data roots only. */
describe.skipIf(!chromiumPath)('path picker', () => {
  let env: E2eServer
  let browser: Browser
  let page: Page
  let pageErrors: string[]

  beforeAll(async () => {
    await ensureEditorBuild()
    env = await startE2eServer()
    makeData(env.dirs.root)
    browser = await launchBrowser()
    ;({ page, pageErrors } = await openEditor(browser, `${env.url}/`))
    await page.getByTestId('toolbar-new').click()
  }, 400_000)

  afterAll(async () => {
    await browser?.close()
    await env?.close()
  })

  it('puts a Browse button beside every path param the catalog marks', async () => {
    const marked = (await fetchCatalog(env.url)).flatMap((entry) =>
      Object.entries((entry.params.properties ?? {}) as Record<string, { 'x-path'?: string }>)
        .filter(([, schema]) => schema['x-path'])
        .map(([key]) => ({ type: entry.type, key })),
    )
    expect(marked.map((m) => `${m.type}.${m.key}`)).toEqual(expect.arrayContaining(['dataset.folder.root', 'dataset.manifest.file', 'backbone.pretrained.weightsPath']))
    const missing: string[] = []
    for (const type of new Set(marked.map((m) => m.type))) {
      const id = await addFromPalette(page, type)
      await selectNode(page, id)
      for (const { key } of marked.filter((m) => m.type === type)) {
        if ((await page.getByTestId(`path-browse-params_${key}`).count()) !== 1) missing.push(`${type}.${key}`)
      }
      await page.keyboard.press('Delete')
      await poll(() => page.getByTestId(`node-${id}`).count()).toBe(0)
    }
    expect(missing).toEqual([])
  }, 120_000)

  it('picks a dataset folder: folders only, hidden entries and links out of the root left out', async () => {
    const id = await addFromPalette(page, 'dataset.folder')
    await selectNode(page, id)
    await page.getByTestId('path-browse-params_root').click()
    const picker = page.getByTestId('path-picker')
    await picker.waitFor()
    // The first data root of the test server is its temp folder, which is also the base of relative paths.
    await poll(() => entryNames(page)).toEqual(expect.arrayContaining(['folder:line1', 'folder:manifests']))
    const top = await entryNames(page)
    expect(top.filter((e) => e.startsWith('file:'))).toEqual([])
    expect(top).not.toContain('folder:tmp-link')
    expect(top.some((e) => e.endsWith('.secret'))).toBe(false)
    await picker.locator('[data-testid="path-entry"][data-name="line1"]').click()
    await poll(() => entryNames(page)).toEqual(['folder:defect', 'folder:good'])
    await picker.locator('[data-testid="path-entry"][data-name="good"]').click()
    await poll(() => page.getByTestId('path-picker-value').textContent()).toContain('2 file(s) in this folder')
    await page.getByTestId('path-up').click()
    await poll(() => entryNames(page)).toEqual(['folder:defect', 'folder:good'])
    await screenshot(page, 'path-picker-folder')
    await page.getByTestId('path-picker-use').click()
    await poll(() => picker.count()).toBe(0)
    await poll(() => page.locator('#params_root').inputValue()).toBe('line1')
    // Opened again, it starts where the value points.
    await page.getByTestId('path-browse-params_root').click()
    await poll(() => entryNames(page)).toEqual(['folder:defect', 'folder:good'])
    await page.keyboard.press('Escape')
    await poll(() => picker.count()).toBe(0)
  })

  it('picks a file for a file param, and the choice is saved in the graph', async () => {
    const id = await addFromPalette(page, 'dataset.manifest')
    await selectNode(page, id)
    await page.getByTestId('path-browse-params_file').click()
    const picker = page.getByTestId('path-picker')
    await picker.locator('[data-testid="path-entry"][data-name="manifests"]').click()
    await poll(() => entryNames(page)).toEqual(['file:set.json'])
    expect(await page.getByTestId('path-picker-use').isDisabled()).toBe(true)
    await picker.locator('[data-testid="path-entry"][data-name="set.json"]').click()
    await screenshot(page, 'path-picker-file')
    await page.getByTestId('path-picker-use').click()
    await poll(() => page.locator('#params_file').inputValue()).toBe('manifests/set.json')
    await page.getByTestId('toolbar-save').click()
    await page.locator('.toast').filter({ hasText: 'Saved "e2e"' }).waitFor()
    const saved = (await (await fetch(`${env.url}/api/graphs/e2e`)).json()) as { nodes: { id: string; params: Record<string, unknown> }[] }
    expect(saved.nodes.find((n) => n.id === id)?.params.file).toBe('manifests/set.json')
  })

  it("offers the picker for a template's graph params that feed a path (its data folder, its weights)", async () => {
    await page.goto(`${env.url}/?graph=reb-mvtec`)
    await page.locator('[data-testid="app"][data-loaded="true"]').waitFor()
    await page.getByTestId('graph-param-values').waitFor()
    // dataRoot feeds dataset.folder's root, weights feeds the backbone's weightsPath; k feeds no path.
    expect(await page.getByTestId('path-browse-graph-param-dataRoot').count()).toBe(1)
    expect(await page.getByTestId('path-browse-graph-param-weights').count()).toBe(1)
    expect(await page.getByTestId('path-browse-graph-param-k').count()).toBe(0)
    await page.getByTestId('path-browse-graph-param-dataRoot').click()
    const picker = page.getByTestId('path-picker')
    await picker.locator('[data-testid="path-entry"][data-name="line1"]').click()
    await poll(() => entryNames(page)).toEqual(['folder:defect', 'folder:good'])
    await screenshot(page, 'path-picker-graph-param')
    await page.getByTestId('path-picker-use').click()
    await poll(() => page.getByTestId('graph-param-dataRoot').inputValue()).toBe('line1')
    expect(pageErrors).toEqual([])
  })
})

if (!chromiumPath) {
  describe('path picker', () => {
    it.skip(NO_CHROMIUM, () => {})
  })
}
