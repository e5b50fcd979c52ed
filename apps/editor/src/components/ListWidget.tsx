import type { WidgetProps } from '@rjsf/utils'
import { useState } from 'react'

/** The text of a list as the person sees it: `0.2, 0.3, 0.4`. */
export function listText(value: unknown): string {
  return Array.isArray(value) ? value.map((v) => String(v)).join(', ') : ''
}

/**
 * Reads typed text back into a list. Tokens are split on commas and spaces; for number items a token
 * that is not a number stays a string, so the schema check names it instead of it silently vanishing.
 */
export function parseList(text: string, itemType: unknown): unknown[] {
  const tokens = text.split(/[,\s]+/).filter((t) => t.length > 0)
  if (itemType !== 'number' && itemType !== 'integer') return tokens
  return tokens.map((t) => (Number.isFinite(Number(t)) ? Number(t) : t))
}

/**
 * A list of numbers or words edited as one line of comma-separated values, as a person writes
 * `[0.2, 0.3, 0.4]`, instead of one input and three buttons per item.
 */
export function ListWidget({ id, value, schema, onChange, onBlur, disabled, readonly, rawErrors }: WidgetProps) {
  const [text, setText] = useState(() => listText(value))
  // Undo or a reload gives the field a new value; keep the typed text while it still means that value.
  const shown = listText(parseList(text, itemTypeOf(schema))) === listText(value) ? text : listText(value)
  return (
    <input
      id={id}
      type="text"
      className={rawErrors?.length ? 'has-error' : undefined}
      value={shown}
      disabled={disabled || readonly}
      placeholder="values separated by commas"
      onChange={(e) => {
        setText(e.target.value)
        onChange(parseList(e.target.value, itemTypeOf(schema)))
      }}
      onBlur={() => onBlur(id, value)}
    />
  )
}

function itemTypeOf(schema: WidgetProps['schema']): unknown {
  const items = schema.items
  return items && typeof items === 'object' && !Array.isArray(items) ? items.type : undefined
}
