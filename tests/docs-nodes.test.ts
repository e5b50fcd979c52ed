import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { createRegistry, toCatalogEntry } from '@inspectflow/nodes'
import { describe, expect, it } from 'vitest'

import { nodesMarkdown } from '../apps/runtime/src/cli/nodes-markdown'

describe('docs/nodes.md', () => {
  const markdown = nodesMarkdown(createRegistry().definitions.map(toCatalogEntry))

  it('matches the node catalog (regenerate: npx inspectflow nodes --markdown > docs/nodes.md)', () => {
    const onDisk = readFileSync(join(import.meta.dirname, '../docs/nodes.md'), 'utf8')
    expect(onDisk === markdown, 'docs/nodes.md is stale: run npx inspectflow nodes --markdown > docs/nodes.md').toBe(true)
  })

  it('documents every node type with its ports, params and an example', () => {
    for (const definition of createRegistry().definitions) {
      const section = markdown.slice(markdown.indexOf(`## ${definition.type}\n`))
      expect(section.startsWith(`## ${definition.type}\n`), definition.type).toBe(true)
      const body = section.slice(0, section.indexOf('\n## ', 1) > 0 ? section.indexOf('\n## ', 1) : undefined)
      for (const param of Object.keys((definition.params as { properties?: object }).properties ?? {})) expect(body, `${definition.type}.${param}`).toContain(`| \`${param}\` |`)
      expect(body).toContain(`"type":"${definition.type}"`)
    }
  })
})
