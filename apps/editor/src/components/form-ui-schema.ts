import type { UiSchema } from '@rjsf/utils'

import { ListWidget } from './ListWidget'
import { PathWidget, pathKindOf } from './PathWidget'

type Schema = Record<string, unknown>

function isChoice(schema: unknown): boolean {
  const s = schema as Schema | undefined
  return !!s && (Array.isArray(s.enum) || Array.isArray(s.oneOf) || Array.isArray(s.anyOf))
}

function isScalar(schema: unknown): boolean {
  const type = (schema as Schema | undefined)?.type
  return !isChoice(schema) && (type === 'number' || type === 'integer' || type === 'string')
}

/** `0 … 255`, `> 0`, `≥ 1`: the range of a number param, shown next to its name. */
export function rangeText(schema: Schema): string | undefined {
  const low = typeof schema.minimum === 'number' ? `≥ ${schema.minimum}` : typeof schema.exclusiveMinimum === 'number' ? `> ${schema.exclusiveMinimum}` : undefined
  const high = typeof schema.maximum === 'number' ? `≤ ${schema.maximum}` : typeof schema.exclusiveMaximum === 'number' ? `< ${schema.exclusiveMaximum}` : undefined
  if (typeof schema.minimum === 'number' && typeof schema.maximum === 'number') return `${schema.minimum} … ${schema.maximum}`
  return [low, high].filter(Boolean).join(', ') || undefined
}

function paramUi(key: string, prop: Schema): UiSchema | undefined {
  if (prop.type === 'array' && prop.uniqueItems === true && isChoice(prop.items)) {
    // A set of choices: inline checkboxes rather than a multi-select list that hides its selection.
    return { 'ui:widget': 'checkboxes', 'ui:options': { inline: true } }
  }
  const title = typeof prop.title === 'string' ? prop.title : key
  if (prop.type === 'array' && isScalar(prop.items)) {
    const range = rangeText(prop.items as Schema)
    return { 'ui:widget': ListWidget, 'ui:title': range ? `${title} (list, each ${range})` : `${title} (list)` }
  }
  const range = prop.type === 'number' || prop.type === 'integer' ? rangeText(prop) : undefined
  return range ? { 'ui:title': `${title} (${range})` } : undefined
}

/** How the inspector draws each param beyond what the schema says (widgets, ranges in the titles). */
export function formUiSchema(schema: Schema): UiSchema {
  const ui: UiSchema = { 'ui:submitButtonOptions': { norender: true } }
  const properties = (schema.properties ?? {}) as Record<string, Schema>
  for (const [key, prop] of Object.entries(properties)) {
    // A path: typed, or picked from the server's data roots.
    const entry = prop.type === 'string' && pathKindOf(prop) ? { 'ui:widget': PathWidget } : paramUi(key, prop)
    if (entry) ui[key] = entry
  }
  return ui
}
