import { useEffect, useRef } from 'react'
import { createPortal } from 'react-dom'

import type { CanvasNote } from '../state/canvas-notes'

interface NotesLayerProps {
  /** The element inside the canvas that pans and zooms with the nodes. */
  layer: HTMLElement
  notes: CanvasNote[]
  /** The canvas zoom, to turn a mouse move into a move in graph units. */
  zoom: () => number
  /** `gesture` names the change for undo: changes of one gesture (a drag, typing) are one step. */
  onChange: (notes: CanvasNote[], gesture: string) => void
}

type NoteChange = (note: CanvasNote, gesture: string) => void

function NoteView({ note, zoom, onNote, onRemove }: { note: CanvasNote; zoom: () => number; onNote: NoteChange; onRemove: () => void }) {
  const root = useRef<HTMLDivElement>(null)
  const latest = useRef({ note, onNote })
  latest.current = { note, onNote }
  useEffect(() => {
    const element = root.current
    if (!element) return
    // A native listener: the canvas's own (native) handler would pan on this press before React's
    // root listener ever saw it.
    const onDown = (down: PointerEvent) => {
      down.stopPropagation()
      const onBar = (down.target as HTMLElement).closest('.canvas-note-bar') && !(down.target as HTMLElement).closest('button')
      if (!onBar) return
      const start = { x: down.clientX, y: down.clientY, nx: latest.current.note.x, ny: latest.current.note.y }
      const gesture = `move:${latest.current.note.id}:${down.timeStamp}`
      const move = (e: PointerEvent) => {
        const { note: current, onNote: update } = latest.current
        update({ ...current, x: start.nx + (e.clientX - start.x) / zoom(), y: start.ny + (e.clientY - start.y) / zoom() }, gesture)
      }
      window.addEventListener('pointermove', move)
      window.addEventListener('pointerup', () => window.removeEventListener('pointermove', move), { once: true })
    }
    element.addEventListener('pointerdown', onDown)
    return () => element.removeEventListener('pointerdown', onDown)
  }, [zoom])
  return (
    <div ref={root} className="canvas-note" style={{ left: note.x, top: note.y, width: note.width }} data-testid={`note-${note.id}`}>
      <div className="canvas-note-bar" title="Drag to move">
        <span>note</span>
        <button className="link-button" onClick={onRemove} title="Delete the note" data-testid={`note-delete-${note.id}`}>×</button>
      </div>
      <textarea value={note.text} rows={4} placeholder="Write a note…" onChange={(e) => onNote({ ...note, text: e.target.value }, `text:${note.id}`)} data-testid={`note-text-${note.id}`} />
    </div>
  )
}

/** Sticky notes drawn in the canvas's own coordinates, so they pan and zoom with the nodes. */
export function NotesLayer({ layer, notes, zoom, onChange }: NotesLayerProps) {
  return createPortal(
    notes.map((note) => (
      <NoteView
        key={note.id}
        note={note}
        zoom={zoom}
        onNote={(next, gesture) => onChange(notes.map((n) => (n.id === note.id ? next : n)), gesture)}
        onRemove={() => onChange(notes.filter((n) => n.id !== note.id), `remove:${note.id}:${Date.now()}`)}
      />
    )),
    layer,
  )
}
