import { existsSync } from 'node:fs'
import { mkdirSync } from 'node:fs'
import path from 'node:path'

import { type Browser, chromium, type Locator, type Page } from 'playwright-core'

import { REPO_ROOT } from './editor-build'

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p)

/** Debian's chromium (installed by .ci/run), or undefined when this machine has none. Never downloads one. */
export const chromiumPath = CANDIDATES.find((p) => existsSync(p))

/** Why the browser tests are skipped, for the skip message. */
export const NO_CHROMIUM = `browser e2e skipped: no chromium at ${CANDIDATES.join(' or ')} (apt-get install chromium, or set CHROMIUM_PATH)`

/** Starts headless chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}

/** Where screenshots go (git-ignored). */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results/e2e')

/** Saves a full-window screenshot as test-results/e2e/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const file = path.join(SCREENSHOT_DIR, `${name}.png`)
  await page.screenshot({ path: file })
  return file
}

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox()
  if (!box) throw new Error(`${String(locator)} is not visible`)
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

/** Drags with the mouse from one element to another in small steps, as a person would. */
export async function dragBetween(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await centre(from)
  const b = await centre(to)
  await page.mouse.move(a.x, a.y)
  await page.mouse.down()
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 20, { steps: 8 })
  await page.mouse.move(b.x, b.y, { steps: 8 })
  await page.mouse.up()
}

/** Fails the test on uncaught page errors instead of letting them pass silently. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  return errors
}
