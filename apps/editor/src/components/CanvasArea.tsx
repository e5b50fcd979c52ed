import type { NodeCatalogEntry } from '@inspectflow/graph-schema'
import type { RefObject } from 'react'

import type { EditorHandle } from '../editor/editor-handle'
import type { GraphMeta } from '../graph-adapter'
import { frameAround, readFrames, writeFrames } from '../state/canvas-frames'
import { freshNoteId, readNotes, writeNotes } from '../state/canvas-notes'
import { useMinimapChoice } from '../state/use-minimap-choice'
import type { useQuickAdd } from '../state/use-quick-add'
import { FramesLayer } from './FramesLayer'
import { NotesLayer } from './NotesLayer'
import { QuickAdd } from './QuickAdd'
import { ZoomControls } from './ZoomControls'

interface CanvasAreaProps {
  container: RefObject<HTMLDivElement | null>
  handle: EditorHandle | undefined
  catalog: NodeCatalogEntry[] | undefined
  zoom: number
  meta: GraphMeta
  onMeta: (meta: GraphMeta) => void
  quickAdd: ReturnType<typeof useQuickAdd>
  onDrop: (event: React.DragEvent) => void
  /** Runs an action and reports its failure as a toast. */
  guard: (action: () => Promise<unknown> | unknown) => () => void
}

/** The Rete canvas with what floats on it: frames, notes, the quick-add box, the zoom and minimap controls. */
export function CanvasArea({ container, handle, catalog, zoom, meta, onMeta, quickAdd, onDrop, guard }: CanvasAreaProps) {
  const [minimap, setMinimap] = useMinimapChoice()
  const frames = readFrames(meta)
  /** Frames the selected nodes (all nodes when none is selected) under a title to edit in place. */
  const addFrame = () => {
    if (!handle) return
    const boxes = handle.view.nodeBoxes()
    const selected = handle.edits.selectedIds()
    const chosen = selected.length ? selected.map((id) => boxes.get(id)).filter((b) => b !== undefined) : [...boxes.values()]
    const used = new Set(frames.map((f) => f.id))
    let n = 1
    while (used.has(`frame${n}`)) n++
    const frame = frameAround(chosen, `frame${n}`, 'Group')
    if (frame) onMeta(writeFrames(meta, [...frames, frame]))
  }
  const addNote = () => {
    const notes = readNotes(meta)
    const at = handle?.view.centre() ?? { x: 0, y: 0 }
    onMeta(writeNotes(meta, [...notes, { id: freshNoteId(notes), ...at, width: 220, text: '' }]))
  }
  return (
    <div className="canvas-wrap">
      <div
        className={`canvas ${minimap ? '' : 'minimap-hidden'}`}
        ref={container}
        data-testid="canvas"
        onDragOver={(e) => e.preventDefault()}
        onDrop={onDrop}
        onDoubleClick={(e) => e.target === e.currentTarget && quickAdd.openAt(e.clientX, e.clientY)}
      />
      {handle && <FramesLayer view={handle.view} frames={frames} onChange={(next) => onMeta(writeFrames(meta, next))} />}
      {handle && (
        <NotesLayer layer={handle.view.notesLayer()} notes={readNotes(meta)} zoom={() => handle.view.zoom} onChange={(notes) => onMeta(writeNotes(meta, notes))} />
      )}
      {quickAdd.state && catalog && (
        <QuickAdd
          left={quickAdd.state.left}
          top={quickAdd.state.top}
          catalog={catalog}
          {...(quickAdd.state.end ? { end: quickAdd.state.end } : {})}
          onPick={(match) => guard(() => quickAdd.pick(match))()}
          onClose={quickAdd.close}
        />
      )}
      <ZoomControls
        zoom={zoom}
        minimap={minimap}
        onZoomIn={guard(() => handle?.view.zoomBy(1.2))}
        onZoomOut={guard(() => handle?.view.zoomBy(1 / 1.2))}
        onFit={guard(() => handle?.view.fit())}
        onToggleMinimap={() => setMinimap(!minimap)}
        onAddNote={addNote}
        onAddFrame={addFrame}
      />
    </div>
  )
}
