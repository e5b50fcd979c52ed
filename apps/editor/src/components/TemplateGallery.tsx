import type { GraphListEntry } from '../api/api-types'

interface TemplateGalleryProps {
  graphs: GraphListEntry[]
  onOpen: (name: string) => void
  onClose: () => void
}

function Card({ graph, onOpen }: { graph: GraphListEntry; onOpen: (name: string) => void }) {
  return (
    <button className="card" onClick={() => onOpen(graph.name)} data-testid={`open-graph-${graph.name}`}>
      <span className="card-title">{graph.title || graph.name}</span>
      <span className="card-name">{graph.name}</span>
      <span className="card-description">{graph.description || 'No description.'}</span>
    </button>
  )
}

/** The open dialog: templates shipped in graphs/ with their descriptions, then the user's saved graphs. */
export function TemplateGallery({ graphs, onOpen, onClose }: TemplateGalleryProps) {
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
        <div className="cards">{saved.length ? saved.map((g) => <Card key={g.name} graph={g} onOpen={onOpen} />) : <p className="muted">Nothing saved yet.</p>}</div>
      </div>
    </div>
  )
}
