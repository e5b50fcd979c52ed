import type { NodeCatalogEntry } from '@inspectflow/graph-schema'
import type { Browser, Page } from 'playwright-core'
import { expect } from 'vitest'

import { collectPageErrors } from './browser'

/** Polls with a timeout that fits a loaded CI machine. */
export const poll = <T>(read: () => Promise<T> | T, timeout = 15_000) => expect.poll(read, { timeout, interval: 100 })

/** A page of the editor at the size the issues were reported at, with its uncaught errors collected. */
export async function openEditor(browser: Browser, url: string, options: { promptAnswer?: string } = {}): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  page.setDefaultTimeout(20_000)
  const pageErrors = collectPageErrors(page)
  // Save-as asks for a name; the unsaved-change guard asks to confirm.
  page.on('dialog', (dialog) => void (dialog.type() === 'prompt' ? dialog.accept(options.promptAnswer ?? 'e2e') : dialog.accept()))
  await page.goto(url)
  await page.locator('[data-testid="app"][data-loaded="true"]').waitFor()
  return { page, pageErrors }
}

/** The ids of the nodes on the canvas. */
export async function nodeIds(page: Page): Promise<string[]> {
  return page.locator('.node[data-testid^="node-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('node-'.length)))
}

/** Adds a node of a catalog type from the palette and returns its id. */
export async function addFromPalette(page: Page, type: string): Promise<string> {
  const before = new Set(await nodeIds(page))
  await page.getByTestId('palette-search').fill(type)
  await page.getByTestId(`palette-item-${type}`).click()
  let added: string | undefined
  await poll(async () => (added = (await nodeIds(page)).find((id) => !before.has(id)))).toBeDefined()
  await page.getByTestId('palette-search').fill('')
  return added!
}

/** Selects a node by clicking its title and waits for its inspector. */
export async function selectNode(page: Page, id: string): Promise<void> {
  await page.getByTestId(`node-${id}`).locator('.node-title').click()
  await poll(() => page.getByTestId('inspector').getAttribute('data-node-id')).toBe(id)
}

/** The runtime's node catalog, as the editor gets it. */
export async function fetchCatalog(url: string): Promise<NodeCatalogEntry[]> {
  return ((await (await fetch(`${url}/api/nodes`)).json()) as { nodes: NodeCatalogEntry[] }).nodes
}
