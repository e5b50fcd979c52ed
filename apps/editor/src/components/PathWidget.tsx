import type { WidgetProps } from '@rjsf/utils'
import { useState } from 'react'

import { type PathKind, PathPicker } from './PathPicker'

/** The kind of path a param holds, from the catalog's `x-path` mark (see dataset.folder's params). */
export function pathKindOf(schema: Record<string, unknown>): PathKind | undefined {
  const mark = schema['x-path']
  return mark === 'folder' || mark === 'file' ? mark : undefined
}

/** A path param: typed as text, or chosen with "Browse" from the server's data roots. */
export function PathWidget({ id, value, schema, label, onChange, onBlur, disabled, readonly, rawErrors }: WidgetProps) {
  const [browsing, setBrowsing] = useState(false)
  const kind = pathKindOf(schema as Record<string, unknown>) ?? 'folder'
  const text = typeof value === 'string' ? value : ''
  return (
    <div className="path-widget">
      <input
        id={id}
        type="text"
        className={rawErrors?.length ? 'has-error' : undefined}
        value={text}
        disabled={disabled || readonly}
        placeholder={kind === 'folder' ? 'folder path' : 'file path'}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => onBlur(id, value)}
      />
      <button type="button" className="tb-button" disabled={disabled || readonly} onClick={() => setBrowsing(true)} data-testid={`path-browse-${id}`} title={`Choose a ${kind} under the server's data roots`}>
        Browse…
      </button>
      {browsing && (
        <PathPicker
          kind={kind}
          value={text}
          title={`Choose a ${kind} for ${label || id}`}
          onClose={() => setBrowsing(false)}
          onPick={(picked) => {
            setBrowsing(false)
            onChange(picked)
          }}
        />
      )}
    </div>
  )
}
