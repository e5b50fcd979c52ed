import type { NodeCatalogEntry } from '@inspectflow/graph-schema'
import type { RefObject } from 'react'

import type { EditorHandle } from '../editor/editor-handle'
import type { UiSnapshot } from '../editor/ui-action'
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
  /** Sets the graph fields, from a value or from the latest fields (an undo applies to the latest). */
  onMeta: (meta: GraphMeta | ((latest: GraphMeta) => GraphMeta)) => void
  quickAdd: ReturnType<typeof useQuickAdd>
  onDrop: (event: React.DragEvent) => void
  /** Runs an action and reports its failure as a toast. */
  guard: (action: () => Promise<unknown> | unknown) => () => void
}

/** The Rete canvas with what floats on it: frames, notes, the quick-add box, the zoom and minimap controls. */
export function CanvasArea({ container, handle, catalog, zoom, meta, onMeta, quickAdd, onDrop, guard }: CanvasAreaProps) {
  const [minimap, setMinimap] = useMinimapChoice()
  const frames = readFrames(meta)
  const notes = readNotes(meta)
  const applyUi = (ui: UiSnapshot) => onMeta((latest) => writeFrames(writeNotes(latest, ui.notes), ui.frames))
  /** A change of the notes or frames, recorded for undo: one step per gesture (drag, typing, add, delete). */
  const changeUi = (next: Partial<UiSnapshot>, gesture: string) => {
    const before = { notes, frames }
    const after = { ...before, ...next }
    const drag = gesture.startsWith('move:') || gesture.startsWith('resize:')
    handle?.recordUi(gesture, before, after, applyUi, drag ? Number.POSITIVE_INFINITY : undefined)
    applyUi(after)
  }
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
    if (frame) changeUi({ frames: [...frames, frame] }, `add:${frame.id}:${Date.now()}`)
  }
  const addNote = () => {
    const at = handle?.view.centre() ?? { x: 0, y: 0 }
    const id = freshNoteId(notes)
    changeUi({ notes: [...notes, { id, ...at, width: 220, text: '' }] }, `add:${id}:${Date.now()}`)
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
      {handle && <FramesLayer view={handle.view} frames={frames} onChange={(next, gesture) => changeUi({ frames: next }, gesture)} />}
      {handle && <NotesLayer layer={handle.view.notesLayer()} notes={notes} zoom={() => handle.view.zoom} onChange={(next, gesture) => changeUi({ notes: next }, gesture)} />}
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
