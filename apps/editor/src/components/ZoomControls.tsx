interface ZoomControlsProps {
  zoom: number
  minimap: boolean
  onZoomIn: () => void
  onZoomOut: () => void
  onFit: () => void
  onToggleMinimap: () => void
  onAddNote: () => void
  onAddFrame: () => void
}

/** Zoom out / level / in, fit, the minimap switch and a new note, in the canvas corner as in ComfyUI and n8n. */
export function ZoomControls(props: ZoomControlsProps) {
  return (
    <div className="zoom-controls" data-testid="zoom-controls">
      <button onClick={props.onZoomOut} title="Zoom out (-)" data-testid="zoom-out">−</button>
      <span className="zoom-level" data-testid="zoom-level" data-zoom={props.zoom.toFixed(3)}>
        {Math.round(props.zoom * 100)}%
      </span>
      <button onClick={props.onZoomIn} title="Zoom in (+)" data-testid="zoom-in">+</button>
      <button onClick={props.onFit} title="Fit the graph in view (.)" data-testid="zoom-fit">Fit</button>
      <button
        className={props.minimap ? 'active' : ''}
        onClick={props.onToggleMinimap}
        title={props.minimap ? 'Hide the minimap' : 'Show the minimap'}
        data-testid="minimap-toggle"
      >
        Map
      </button>
      <button onClick={props.onAddNote} title="Add a note to the canvas (saved with the graph)" data-testid="add-note">
        + Note
      </button>
      <button onClick={props.onAddFrame} title="Frame the selected nodes (all when none is selected) in a titled group" data-testid="add-frame">
        + Frame
      </button>
    </div>
  )
}
