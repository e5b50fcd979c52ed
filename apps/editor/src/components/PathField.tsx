import { useState } from 'react'

import { type PathKind, PathPicker } from './PathPicker'

interface PathFieldProps {
  id: string
  value: string
  kind: PathKind
  /** What the picker's title calls the field. */
  label: string
  onChange: (value: string) => void
  onBlur?: () => void
  disabled?: boolean
  invalid?: boolean
  /** Test id of the text field, when the form around it names its fields that way. */
  testId?: string
}

/** A path typed as text, or chosen with "Browse" from the server's data roots. */
export function PathField({ id, value, kind, label, onChange, onBlur, disabled, invalid, testId }: PathFieldProps) {
  const [browsing, setBrowsing] = useState(false)
  return (
    <div className="path-widget">
      <input
        id={id}
        type="text"
        className={invalid ? 'has-error' : undefined}
        value={value}
        disabled={disabled}
        placeholder={kind === 'folder' ? 'folder path' : 'file path'}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        {...(testId ? { 'data-testid': testId } : {})}
      />
      <button type="button" className="tb-button" disabled={disabled} onClick={() => setBrowsing(true)} data-testid={`path-browse-${id}`} title={`Choose a ${kind} under the server's data roots`}>
        Browse…
      </button>
      {browsing && (
        <PathPicker
          kind={kind}
          value={value}
          title={`Choose a ${kind} for ${label}`}
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
