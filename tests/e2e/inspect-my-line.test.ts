import { existsSync } from 'node:fs'
import path from 'node:path'

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { makeTemplateFixtures } from '../templates/template-fixtures'
import { chromiumPath, launchBrowser, screenshot } from './support/browser'
import { openEditor, poll } from './support/editor-page'
import { ensureEditorBuild, REPO_ROOT } from './support/editor-build'
import { type E2eServer, startE2eServer } from './support/e2e-server'

const TEMPLATE = path.join(REPO_ROOT, 'graphs/inspect-my-line.json')

/**
 * A quality engineer's own line in the editor: the inspect-my-line template, a folder of good images
 * and a folder of new ones set as graph params, Run, and the decisions on the new images in the report.
 */
describe.skipIf(!chromiumPath || !existsSync(TEMPLATE))('inspect-my-line in the editor', () => {
  let env: E2eServer
  let browser: Browser
  let page: Page
  let pageErrors: string[]
  let good = ''
  let fresh = ''

  beforeAll(async () => {
    await ensureEditorBuild()
    env = await startE2eServer()
    const fixtures = await makeTemplateFixtures(path.join(env.dirs.dataDir, 'fixtures'))
    good = path.join(fixtures.SYNTHETIC_MVTEC, 'train/good')
    fresh = path.join(fixtures.SYNTHETIC_MVTEC, 'test/hole')
    browser = await launchBrowser()
    ;({ page, pageErrors } = await openEditor(browser, `${env.url}/?graph=inspect-my-line`))
  }, 400_000)

  afterAll(async () => {
    await browser?.close()
    await env?.close()
  })

  it('runs good images and new images through the template and reports a decision per new image', async () => {
    await page.getByTestId('node-data').waitFor()
    const params = { goodDir: good, newDir: fresh, imageSize: '64', coreset: '0.1' }
    for (const [name, value] of Object.entries(params)) await page.getByTestId(`graph-param-${name}`).fill(value)
    await page.getByTestId('toolbar-run').click()
    await page.locator('[data-testid="run-status"][data-status="finished"]').waitFor({ timeout: 300_000 })
    for (const id of ['data', 'score', 'map', 'threshold', 'report']) {
      expect(await page.getByTestId(`node-status-${id}`).getAttribute('data-state')).toMatch(/done|cached/)
    }
    await page.getByTestId('results-panel').waitFor({ timeout: 30_000 })
    // the gallery shows the new image with its decision; the charts count only labelled images
    await screenshot(page, 'inspect-my-line-results')
    await page.getByTestId('filter-label').scrollIntoViewIfNeeded()
    await page.getByTestId('filter-label').selectOption('new')
    await poll(() => page.getByTestId('overlay-tile').count()).toBe(1)
    expect(await page.getByTestId('new-image-verdict').textContent()).toMatch(/ANOMALOUS|normal/)
    await page.getByTestId('overlay-tile').first().scrollIntoViewIfNeeded()
    await screenshot(page, 'inspect-my-line-finished')
    const href = await page.getByTestId('report-link').getAttribute('href')
    const report = await (await fetch(new URL(href as string, env.url))).text()
    expect(report).toContain('New images to inspect')
    expect(report).toMatch(/hole\/000\.png<\/strong>[^<]*<span class="(anomalous|normal)">/)
    expect(report).toContain('no defective images in the test set')
    expect(pageErrors).toEqual([])
  }, 400_000)
})
