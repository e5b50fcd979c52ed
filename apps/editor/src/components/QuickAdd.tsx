import type { NodeCatalogEntry } from '@inspectflow/graph-schema'
import { useMemo, useState } from 'react'

import { type DanglingEnd, type QuickAddMatch, quickAddMatches } from '../state/quick-add'

interface QuickAddProps {
  /** Where it opens, relative to the canvas. */
  left: number
  top: number
  catalog: NodeCatalogEntry[]
  /** The wire to join, when opened by dropping one on the canvas. */
  end?: DanglingEnd
  onPick: (match: QuickAddMatch) => void
  onClose: () => void
}

/** A search box at the pointer (double-click on the canvas, or a wire let go there): type, arrow, Enter. */
export function QuickAdd({ left, top, catalog, end, onPick, onClose }: QuickAddProps) {
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const matches = useMemo(() => quickAddMatches(catalog, query, end).slice(0, 12), [catalog, query, end])
  const onKey = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') onClose()
    else if (event.key === 'ArrowDown') setActive((a) => Math.min(a + 1, matches.length - 1))
    else if (event.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0))
    else if (event.key === 'Enter' && matches[active]) onPick(matches[active])
    else return
    event.preventDefault()
  }
  return (
    <div className="quick-add" style={{ left, top }} data-testid="quick-add" onPointerDown={(e) => e.stopPropagation()}>
      <input
        autoFocus
        value={query}
        placeholder={end ? `Add a node that takes ${end.type}…` : 'Add a node…'}
        onChange={(e) => {
          setQuery(e.target.value)
          setActive(0)
        }}
        onKeyDown={onKey}
        onBlur={onClose}
        data-testid="quick-add-search"
      />
      <ul>
        {matches.map((m, i) => (
          <li key={m.entry.type}>
            <button
              className={i === active ? 'active' : ''}
              // Before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault()
                onPick(m)
              }}
              data-testid={`quick-add-item-${m.entry.type}`}
            >
              <span>{m.entry.title}</span>
              <span className="palette-type">{m.entry.type}</span>
            </button>
          </li>
        ))}
        {!matches.length && <li className="muted small">No node type matches.</li>}
      </ul>
    </div>
  )
}
