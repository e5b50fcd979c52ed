import type { WidgetProps } from '@rjsf/utils'

import { PathField } from './PathField'
import type { PathKind } from './PathPicker'

/** The kind of path a param holds, from the catalog's `x-path` mark (see dataset.folder's params). */
export function pathKindOf(schema: Record<string, unknown>): PathKind | undefined {
  const mark = schema['x-path']
  return mark === 'folder' || mark === 'file' ? mark : undefined
}

/** A node's path param in the inspector form: typed, or chosen with "Browse" from the server's data roots. */
export function PathWidget({ id, value, schema, label, onChange, onBlur, disabled, readonly, rawErrors }: WidgetProps) {
  return (
    <PathField
      id={id}
      value={typeof value === 'string' ? value : ''}
      kind={pathKindOf(schema as Record<string, unknown>) ?? 'folder'}
      label={label || id}
      onChange={onChange}
      onBlur={() => onBlur(id, value)}
      disabled={!!(disabled || readonly)}
      invalid={!!rawErrors?.length}
    />
  )
}
