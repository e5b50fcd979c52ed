import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

import type { GraphFile } from '@inspectflow/graph-schema'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { tinyResnet18Bytes } from '../../apps/runtime/test/tiny-weights'
import { chromiumPath, launchBrowser, NO_CHROMIUM, screenshot } from './support/browser'
import { ensureEditorBuild, REPO_ROOT } from './support/editor-build'
import { type E2eServer, startE2eServer } from './support/e2e-server'
import { openEditor, poll } from './support/editor-page'

/**
 * The demo pipeline made tiny: 64 px synthetic parts and a seeded random-weight ResNet18 trunk, so it
 * runs in seconds. The threshold is set far below any score by hand so every good image is a false positive: the
 * report then has worst cases to show whatever the random weights score.
 */
function tinyDemo(): GraphFile {
  const graph = JSON.parse(readFileSync(path.join(REPO_ROOT, 'graphs/demo.json'), 'utf8')) as GraphFile & { params: Record<string, { default: unknown }> }
  const sizes: Record<string, number> = { imageSize: 64, trainCount: 6, testGood: 3, testDefectPerType: 1 }
  for (const [name, value] of Object.entries(sizes)) graph.params[name]!.default = value
  for (const node of graph.nodes) {
    if (node.type === 'backbone.pretrained') node.params = { model: 'resnet18-imagenet', weightsPath: 'r18.safetensors' }
    if (node.type === 'decide.threshold') node.params = { method: 'manual', value: -1e9 }
  }
  return { ...graph, name: 'tiny report' }
}

/**
 * The results' large view and report.html show each image as anomalib's visualiser does: image, ground
 * truth, heat map with its colour scale, predicted mask; and the report is one file that needs no other.
 */
describe.skipIf(!chromiumPath)('image panels in the results and a self-contained report', () => {
  let env: E2eServer
  let browser: Browser
  let page: Page
  let pageErrors: string[]
  let elsewhere: string

  beforeAll(async () => {
    await ensureEditorBuild()
    env = await startE2eServer()
    writeFileSync(path.join(env.dirs.root, 'r18.safetensors'), tinyResnet18Bytes('report-panels'))
    const put = await fetch(`${env.url}/api/graphs/e2e-report`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(tinyDemo()) })
    expect(put.ok).toBe(true)
    elsewhere = mkdtempSync(path.join(os.tmpdir(), 'mailed-report-'))
    browser = await launchBrowser()
    ;({ page, pageErrors } = await openEditor(browser, `${env.url}/?graph=e2e-report`))
  }, 400_000)

  afterAll(async () => {
    await browser?.close()
    await env?.close()
    if (elsewhere) rmSync(elsewhere, { recursive: true, force: true })
  })

  it('opens an image of the results as four panels: image, ground truth, heat map with scale, predicted mask', async () => {
    await page.getByTestId('toolbar-run').click()
    await page.locator('[data-testid="run-status"][data-status="finished"]').waitFor({ timeout: 240_000 })
    await page.getByTestId('results-panel').waitFor({ timeout: 30_000 })
    await page.locator('[data-testid="overlay-tile"][data-label="1"]').first().click()
    const viewer = page.getByTestId('image-viewer')
    await viewer.waitFor()
    const panels = viewer.getByTestId('image-panel')
    expect(await panels.locator('figcaption').allInnerTexts()).toEqual(['image', 'ground truth', 'heat map', expect.stringMatching(/^predicted mask \(map ≥ -?\d/)])
    await poll(() => panels.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth === 64).length)).toBe(4)
    // The panels are large enough to see a defect, and the heat map carries its values and the cut.
    expect(await panels.first().locator('img').evaluate((img) => img.getBoundingClientRect().width)).toBeGreaterThan(250)
    expect(await viewer.getByTestId('map-scale-tick').count()).toBeGreaterThanOrEqual(2)
    await viewer.getByTestId('map-scale-cut').waitFor()
    expect(await viewer.getByTestId('pixel-threshold-source').textContent()).toContain('best pixel F1')
    await screenshot(page, 'results-image-panels')
    await page.keyboard.press('Escape')
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('writes report.html as one file: opened alone, offline, from another folder, every image inline', async () => {
    const href = await page.getByTestId('report-link').getAttribute('href')
    const html = await (await fetch(new URL(href!, env.url))).text()
    expect(html.length).toBeLessThan(2_000_000)
    // No attribute and no CSS url() points at another file.
    expect(html).not.toMatch(/(?:src|href)="(?!data:|#)/)
    expect(html).not.toMatch(/url\((?!['"]?data:)/)
    const file = path.join(elsewhere, 'report.html')
    writeFileSync(file, html)
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, offline: true })
    const report = await context.newPage()
    const requests: string[] = []
    report.on('request', (request) => requests.push(request.url()))
    await report.goto(pathToFileURL(file).href, { waitUntil: 'load' })
    expect(requests.filter((url) => !url.startsWith('data:') && url !== pathToFileURL(file).href)).toEqual([])
    const images = report.locator('img')
    expect(await images.count()).toBeGreaterThan(0)
    expect(await images.evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0 && (i as HTMLImageElement).src.startsWith('data:image/')))).toBe(true)
    // The worst cases: at that threshold every good test image is a false positive, each shown as
    // image / ground truth / heat map / predicted mask.
    const falsePositives = Number(/FP (\d+)/.exec(await report.locator('#threshold').innerText())?.[1])
    expect(falsePositives).toBeGreaterThanOrEqual(3)
    const cases = report.locator('figure.case4')
    expect(await cases.count()).toBe(Math.min(6, falsePositives))
    for (let i = 0; i < (await cases.count()); i++) {
      expect(await cases.nth(i).locator('figure.panel figcaption').allInnerTexts()).toEqual(['image', 'ground truth', 'heat map', expect.stringMatching(/^predicted mask/)])
    }
    expect(await report.locator('#pixel-threshold').innerText()).toContain('best pixel F1')
    await report.locator('.colourbar').first().scrollIntoViewIfNeeded()
    await report.evaluate(() => window.scrollBy(0, -60))
    await screenshot(report, 'report-worst-cases-offline')
    await context.close()
  })
})

if (!chromiumPath) {
  describe('image panels in the results and a self-contained report', () => {
    it.skip(NO_CHROMIUM, () => {})
  })
}
