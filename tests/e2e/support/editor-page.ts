import type { NodeCatalogEntry } from '@inspectflow/graph-schema'
import type { Browser, Page } from 'playwright-core'
import { expect } from 'vitest'

import { collectPageErrors } from './browser'

/** Polls with a timeout that fits a loaded CI machine. */
export const poll = <T>(read: () => Promise<T> | T, timeout = 15_000) => expect.poll(read, { timeout, interval: 100 })

/** A dialog the page opened (prompt, confirm), as the person saw it. */
export interface SeenDialog {
  type: string
  message: string
  defaultValue: string
}

/** The answer to a save prompt: a fixed name, or one chosen from what the prompt said. */
export type PromptAnswer = string | ((dialog: SeenDialog) => string)

/**
 * A page of the editor at the size the issues were reported at, with its uncaught errors and the
 * dialogs it opened collected. Prompts get `promptAnswer` (the save-as name); confirms are accepted.
 */
export async function openEditor(browser: Browser, url: string, options: { promptAnswer?: PromptAnswer } = {}) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  page.setDefaultTimeout(20_000)
  const pageErrors = collectPageErrors(page)
  const dialogs: SeenDialog[] = []
  const answer = { current: options.promptAnswer ?? 'e2e' }
  page.on('dialog', (dialog) => {
    const seen = { type: dialog.type(), message: dialog.message(), defaultValue: dialog.defaultValue() }
    dialogs.push(seen)
    const reply = typeof answer.current === 'function' ? answer.current(seen) : answer.current
    void (dialog.type() === 'prompt' ? dialog.accept(reply) : dialog.accept())
  })
  await page.goto(url)
  await page.locator('[data-testid="app"][data-loaded="true"]').waitFor()
  return { page, pageErrors, dialogs, answer }
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
