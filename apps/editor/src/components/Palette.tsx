import type { NodeCatalogEntry } from '@inspectflow/graph-schema'
import { useMemo, useState } from 'react'

import { groupCatalog } from '../state/catalog-lookup'

/** MIME type of a palette drag; the canvas drop handler reads the node type from it. */
export const PALETTE_DRAG_TYPE = 'application/x-inspectflow-node'

/** The node catalog grouped by category and searchable; click or drag an item onto the canvas. */
export function Palette({ catalog, onAdd }: { catalog: NodeCatalogEntry[]; onAdd: (entry: NodeCatalogEntry) => void }) {
  const [query, setQuery] = useState('')
  const groups = useMemo(() => groupCatalog(catalog, query), [catalog, query])
  return (
    <aside className="palette" data-testid="palette">
      <input
        className="search"
        type="search"
        placeholder="Search nodes…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="palette-search"
      />
      <div className="palette-groups">
        {groups.map(([category, entries]) => (
          <section key={category} className="palette-group">
            <h4>{category}</h4>
            {entries.map((entry) => (
              <button
                key={`${entry.type}@${entry.typeVersion}`}
                className="palette-item"
                draggable
                onDragStart={(e) => e.dataTransfer.setData(PALETTE_DRAG_TYPE, entry.type)}
                onClick={() => onAdd(entry)}
                title={entry.description}
                data-testid={`palette-item-${entry.type}`}
              >
                <span className="palette-title">{entry.title}</span>
                <span className="palette-type">{entry.type}</span>
              </button>
            ))}
          </section>
        ))}
        {!groups.length && <p className="muted">No node matches “{query}”.</p>}
      </div>
    </aside>
  )
}
