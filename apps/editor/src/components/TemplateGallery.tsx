import type { GraphListEntry } from '../api/api-types'

interface TemplateGalleryProps {
  graphs: GraphListEntry[]
  onOpen: (name: string) => void
  onClose: () => void
  /** Saved graphs only: templates are read-only. */
  onRename: (name: string) => void
  onDelete: (name: string) => void
}

interface CardProps {
  graph: GraphListEntry
  onOpen: (name: string) => void
  onRename?: (name: string) => void
  onDelete?: (name: string) => void
}

function Card({ graph, onOpen, onRename, onDelete }: CardProps) {
  return (
    <div className="card-wrap">
      <button className="card" onClick={() => onOpen(graph.name)} data-testid={`open-graph-${graph.name}`}>
        <span className="card-title">{graph.title || graph.name}</span>
        <span className="card-name">{graph.name}</span>
        <span className="card-description">{graph.description || 'No description.'}</span>
      </button>
      {onRename && onDelete && (
        <div className="card-actions">
          <button className="link-button" onClick={() => onRename(graph.name)} data-testid={`rename-graph-${graph.name}`}>rename</button>
          <button className="link-button danger" onClick={() => onDelete(graph.name)} data-testid={`delete-graph-${graph.name}`}>delete</button>
        </div>
      )}
    </div>
  )
}

/** The open dialog: templates shipped in graphs/ with their descriptions, then the user's saved graphs. */
export function TemplateGallery({ graphs, onOpen, onClose, onRename, onDelete }: TemplateGalleryProps) {
  const templates = graphs.filter((g) => g.template)
  const saved = graphs.filter((g) => !g.template)
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" onClick={(e) => e.stopPropagation()} data-testid="template-gallery">
        <header>
          <h2>Open a graph</h2>
          <button className="link-button" onClick={onClose} data-testid="gallery-close">close</button>
        </header>
        <h3>Templates</h3>
        <div className="cards">{templates.length ? templates.map((g) => <Card key={g.name} graph={g} onOpen={onOpen} />) : <p className="muted">No templates.</p>}</div>
        <h3>Saved graphs</h3>
        <div className="cards">{saved.length ? saved.map((g) => <Card key={g.name} graph={g} onOpen={onOpen} onRename={onRename} onDelete={onDelete} />) : <p className="muted">Nothing saved yet.</p>}</div>
      </div>
    </div>
  )
}
