/** Actions the toolbar offers; the app wires each to its handler. */
export interface ToolbarActions {
  onNew: () => void
  onOpen: () => void
  onSave: () => void
  onSaveAs: () => void
  onImport: () => void
  onExport: () => void
  onUndo: () => void
  onRedo: () => void
  onArrange: () => void
  onRun: () => void
  onCancel: () => void
}

interface ToolbarProps extends ToolbarActions {
  title: string
  dirty: boolean
  running: boolean
  /** Why Run is disabled (problems, an empty graph), or undefined when the graph can run. */
  runBlocked?: string
  problemCount: number
  onShowProblems: () => void
}

function Button(props: { id: string; label: string; onClick: () => void; disabled?: boolean; primary?: boolean; title?: string }) {
  return (
    <button
      className={`tb-button ${props.primary ? 'primary' : ''}`}
      onClick={props.onClick}
      disabled={props.disabled}
      title={props.title ?? props.label}
      data-testid={`toolbar-${props.id}`}
    >
      {props.label}
    </button>
  )
}

/** File operations, undo/redo, arrange, and Run/Cancel. */
export function Toolbar(props: ToolbarProps) {
  return (
    <header className="toolbar">
      <div className="brand">InspectFlow</div>
      <div className="doc-title" data-testid="doc-title">
        {props.title}
        {props.dirty && <span className="dirty" data-testid="dirty-marker" title="Unsaved changes"> ●</span>}
      </div>
      <div className="tb-group">
        <Button id="new" label="New" onClick={props.onNew} />
        <Button id="open" label="Open" onClick={props.onOpen} title="Open a saved graph or a template" />
        <Button id="save" label="Save" onClick={props.onSave} title="Save (Ctrl+S)" />
        <Button id="save-as" label="Save as" onClick={props.onSaveAs} />
        <Button id="import" label="Import" onClick={props.onImport} title="Import a graph JSON file" />
        <Button id="export" label="Export" onClick={props.onExport} title="Download the graph JSON file" />
      </div>
      <div className="tb-group">
        <Button id="undo" label="Undo" onClick={props.onUndo} title="Undo (Ctrl+Z)" />
        <Button id="redo" label="Redo" onClick={props.onRedo} title="Redo (Ctrl+Y)" />
        <Button id="arrange" label="Arrange" onClick={props.onArrange} title="Auto-arrange the graph" />
      </div>
      <div className="tb-group tb-run">
        {props.problemCount > 0 && (
          <button className="tb-problems" onClick={props.onShowProblems} data-testid="toolbar-problems" title="Show the problems">
            ⚠ {props.problemCount} problem{props.problemCount === 1 ? '' : 's'}
          </button>
        )}
        <Button id="run" label="▶ Run" onClick={props.onRun} disabled={props.running || !!props.runBlocked} primary title={props.runBlocked ?? 'Run the graph'} />
        <Button id="cancel" label="■ Cancel" onClick={props.onCancel} disabled={!props.running} />
      </div>
    </header>
  )
}
