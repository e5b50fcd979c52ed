import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import type { GraphFile } from '@inspectflow/graph-schema'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { chromiumPath, launchBrowser, NO_CHROMIUM, screenshot } from './support/browser'
import { ensureEditorBuild } from './support/editor-build'
import { type E2eServer, startE2eServer } from './support/e2e-server'
import { openEditor, poll, type PromptAnswer, type SeenDialog } from './support/editor-page'

/** A file of the pre-release editor: no typeVersion, `position: [x, y]`, `connections`. */
const V0_FILE = {
  schemaVersion: 0,
  name: 'old file',
  params: {},
  nodes: [
    { id: 'src', type: 'test.source', params: { value: 2 }, position: [0, 0] },
    { id: 'twice', type: 'test.slow', params: { batches: 1, delayMs: 1 }, position: [320, 0] },
  ],
  connections: [{ source: 'src', sourcePort: 'value', target: 'twice', targetPort: 'value' }],
}

/**
 * Files open the one way the runtime reads them: migrated and checked by the server. An old file opens
 * in today's form; a file from a newer InspectFlow is refused and never written back; a template is
 * saved as a copy under a name the server takes.
 */
describe.skipIf(!chromiumPath)('opening and saving files', () => {
  let env: E2eServer
  let browser: Browser
  let page: Page
  let pageErrors: string[]
  let dialogs: SeenDialog[]
  let answer: { current: PromptAnswer }

  beforeAll(async () => {
    await ensureEditorBuild()
    env = await startE2eServer()
    browser = await launchBrowser()
    ;({ page, pageErrors, dialogs, answer } = await openEditor(browser, `${env.url}/`))
  }, 400_000)

  afterAll(async () => {
    await browser?.close()
    await env?.close()
  })

  it('imports a schemaVersion 0 file migrated, and saves it as schemaVersion 1', async () => {
    const chooser = page.waitForEvent('filechooser')
    await page.getByTestId('toolbar-import').click()
    await (await chooser).setFiles({ name: 'old.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(V0_FILE)) })
    await page.getByTestId('node-twice').waitFor()
    await page.getByTestId('link-src.value-twice.value').waitFor()
    answer.current = 'e2e-migrated'
    await page.getByTestId('toolbar-save').click()
    await page.locator('.toast').filter({ hasText: 'Saved "e2e-migrated"' }).waitFor()
    const saved = JSON.parse(readFileSync(path.join(env.dirs.graphsDir, 'e2e-migrated.json'), 'utf8')) as GraphFile
    expect(saved.schemaVersion).toBe(1)
    expect(saved.edges).toEqual([{ from: { node: 'src', port: 'value' }, to: { node: 'twice', port: 'value' } }])
    expect(saved.nodes.map((n) => n.typeVersion)).toEqual([1, 1])
  })

  it('refuses a file saved by a newer InspectFlow, and never writes it back', async () => {
    const newer = { schemaVersion: 99, name: 'from the future', nodes: [], edges: [], futureField: { keep: true } }
    const file = path.join(env.dirs.graphsDir, 'newer.json')
    writeFileSync(file, JSON.stringify(newer))
    await page.goto(`${env.url}/?graph=newer`)
    const toast = page.getByTestId('toast-error').filter({ hasText: 'saved by a newer InspectFlow' })
    await toast.waitFor()
    await page.locator('[data-testid="app"][data-loaded="true"]').waitFor()
    expect(await page.getByTestId('doc-title').textContent()).not.toContain('newer')
    await screenshot(page, 'files-newer-refused')
    answer.current = 'e2e-after-newer'
    await page.getByTestId('toolbar-save').click()
    await page.locator('.toast').filter({ hasText: 'Saved "e2e-after-newer"' }).waitFor()
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(newer)
  })

  it('shows graph params as values to set, their declarations only in the edit mode', async () => {
    await page.goto(`${env.url}/?graph=demo`)
    await page.locator('[data-testid="app"][data-loaded="true"]').waitFor()
    await page.getByTestId('node-data').waitFor()
    expect(await page.getByTestId('graph-params').count()).toBe(0)
    const trainCount = page.getByTestId('graph-param-trainCount')
    expect(await trainCount.getAttribute('type')).toBe('number')
    await trainCount.fill('12')
    await screenshot(page, 'files-graph-param-values')
    await page.getByTestId('graph-params-mode').click()
    await page.getByTestId('graph-params').waitFor()
    expect(await page.getByTestId('graph-params').locator('select').count()).toBeGreaterThan(0)
    await page.getByTestId('graph-params-mode').click()
    expect(await page.getByTestId('graph-param-trainCount').inputValue()).toBe('12')
  })

  it('saves a template as a copy, asking with the server name rule', async () => {
    dialogs.length = 0
    // First the template's own name (refused in the prompt), then the suggested copy name.
    answer.current = (dialog) => (dialogs.length === 1 ? 'demo' : dialog.defaultValue)
    await page.getByTestId('toolbar-save').click()
    await page.locator('.toast').filter({ hasText: 'Saved "demo-copy"' }).waitFor()
    expect(dialogs[0]?.message).toContain('read-only template')
    expect(dialogs[0]?.message).toContain('letters, digits, spaces')
    expect(dialogs[1]?.message).toContain('"demo" is a read-only template')
    expect(dialogs[1]?.defaultValue).toBe('demo-copy')
    expect(await page.getByTestId('doc-title').textContent()).toContain('demo-copy')
    expect(await page.locator('.toast').filter({ hasText: '409' }).count()).toBe(0)
    const copy = JSON.parse(readFileSync(path.join(env.dirs.graphsDir, 'demo-copy.json'), 'utf8')) as GraphFile
    expect(copy.params?.trainCount?.default).toBe(12)
  })

  it('renames and deletes saved graphs from the open dialog', async () => {
    await page.getByTestId('toolbar-open').click()
    answer.current = 'my demo'
    await page.getByTestId('rename-graph-demo-copy').click()
    await page.getByTestId('open-graph-my demo').waitFor()
    expect(await page.getByTestId('open-graph-demo-copy').count()).toBe(0)
    expect(existsSync(path.join(env.dirs.graphsDir, 'demo-copy.json'))).toBe(false)
    expect(existsSync(path.join(env.dirs.graphsDir, 'my demo.json'))).toBe(true)
    // The open graph was the renamed one: it now carries the new name.
    expect(await page.getByTestId('doc-title').textContent()).toContain('my demo')
    expect(await page.getByTestId('rename-graph-demo').count()).toBe(0)
    await page.getByTestId('delete-graph-e2e-migrated').click()
    await poll(() => page.getByTestId('open-graph-e2e-migrated').count()).toBe(0)
    expect(existsSync(path.join(env.dirs.graphsDir, 'e2e-migrated.json'))).toBe(false)
    await screenshot(page, 'files-gallery')
    await page.getByTestId('gallery-close').click()
    expect(pageErrors).toEqual([])
  })
})

if (!chromiumPath) {
  describe('opening and saving files', () => {
    it.skip(NO_CHROMIUM, () => {})
  })
}
