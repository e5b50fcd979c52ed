import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

import { chromium } from 'playwright-core'
import { describe, expect, it } from 'vitest'

import { computeMetrics } from '../eval/compute-metrics'
import { loadMasks } from '../eval/load-masks'
import { testContext } from '../../test/node-test-context'
import { scoresFromMasks } from '../../test/scores-from-masks'
import { generateSyntheticDataset } from '../synthetic/generate'
import { writeReport } from './write-report'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) process.stderr.write(`report.html browser test skipped: ${CHROMIUM} is absent (apt-get install -y chromium; CI installs it)\n`)

describe.skipIf(!hasChromium)('report.html in Chromium', () => {
  it('renders offline: title, metrics rows, both charts, the worst cases as four embedded panels, no failed request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'report-browser-'))
    const dataset = await generateSyntheticDataset(join(dir, 'data'), { kind: 'metal', seed: 5, trainCount: 1, testGood: 3, testDefectPerType: 1, imageSize: 64, defectTypes: ['scratch', 'hole', 'stain'] })
    const scores = await scoresFromMasks(dataset, 1, 'browser')
    // Good images first, then scratch, hole, stain: one false positive (0.9) and one false negative (0.3) at 0.5.
    scores.imageScores = [0.2, 0.9, 0.1, 0.8, 0.3, 0.95]
    const masks = await loadMasks({ signal: new AbortController().signal, progress: () => undefined }, scores.images, 64)
    const metrics = computeMetrics({
      imageScores: scores.imageScores,
      labels: scores.images.map((im) => im.label),
      defectTypes: scores.images.map((im) => im.defectType),
      pixels: { size: 64, maps: scores.pixelMaps.data, masks },
      threshold: { value: 0.5, method: 'manual', detail: 'manual threshold for the browser test' },
    })
    await writeReport(testContext(dir), scores, metrics, undefined, { title: 'Browser check', worstCount: 4, thumbnailSize: 48, runInfo: { graphName: 'demo' } })
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
    try {
      const page = await browser.newPage()
      const failed: string[] = []
      const errors: string[] = []
      page.on('requestfailed', (request) => failed.push(request.url()))
      page.on('pageerror', (error) => errors.push(error.message))
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text())
      })
      await page.goto(pathToFileURL(join(dir, 'artifacts', 'report.html')).href, { waitUntil: 'load' })
      expect(await page.title()).toBe('Browser check')
      expect(await page.locator('#metrics tbody tr').count()).toBe(4)
      expect(await page.locator('svg.roc polyline').count()).toBe(1)
      expect(await page.locator('svg.histogram line.threshold').count()).toBe(1)
      const box = await page.locator('svg.roc').boundingBox()
      expect(box?.width).toBeGreaterThan(100)
      const cases = page.locator('figure.case4')
      expect(await cases.count()).toBe(2)
      expect(await cases.locator('figcaption strong').allInnerTexts()).toEqual(['test/good/001.png', 'test/hole/000.png'])
      // image, ground truth, heat map, predicted mask: every one an embedded image at the panel size
      expect(await cases.first().locator('figure.panel figcaption').allInnerTexts()).toEqual(['image', 'ground truth', 'heat map', expect.stringMatching(/^predicted mask \(map ≥ /)])
      const panels = page.locator('figure.panel img')
      expect(await panels.count()).toBe(8)
      const loaded = await panels.evaluateAll((images) => images.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 48 && (img as HTMLImageElement).src.startsWith('data:image/')))
      expect(loaded).toBe(true)
      expect(await page.locator('#pixel-threshold').innerText()).toContain('best pixel F1')
      expect(await page.locator('[href], [src]:not([src^="data:"])').count()).toBe(0)
      expect(await page.locator('#threshold').innerText()).toContain('manual')
      expect(failed).toEqual([])
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
