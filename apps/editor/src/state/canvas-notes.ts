import type { GraphMeta } from '../graph-adapter'

/** A sticky note on the canvas, saved in the graph's `ui.notes` (the runtime ignores `ui`). */
export interface CanvasNote {
  id: string
  x: number
  y: number
  width: number
  text: string
}

function isNote(value: unknown): value is CanvasNote {
  const n = value as Partial<CanvasNote> | null
  return !!n && typeof n.id === 'string' && typeof n.x === 'number' && typeof n.y === 'number' && typeof n.text === 'string'
}

/** The notes of a graph; entries this editor cannot read are left out of the view (and kept in the file). */
export function readNotes(meta: GraphMeta): CanvasNote[] {
  const notes = meta.ui?.notes
  return Array.isArray(notes) ? notes.filter(isNote).map((n) => ({ ...n, width: typeof n.width === 'number' ? n.width : 220 })) : []
}

/** The graph fields with these notes in `ui.notes`, the rest of `ui` untouched. */
export function writeNotes(meta: GraphMeta, notes: CanvasNote[]): GraphMeta {
  const previous = Array.isArray(meta.ui?.notes) ? (meta.ui.notes as unknown[]) : []
  // Entries another editor wrote in a shape this one does not know survive an edit.
  const foreign = previous.filter((n) => !isNote(n))
  return { ...meta, ui: { ...meta.ui, notes: [...notes, ...foreign] } }
}

/** A new note's id, free among the given notes. */
export function freshNoteId(notes: CanvasNote[]): string {
  const used = new Set(notes.map((n) => n.id))
  for (let i = 1; ; i++) if (!used.has(`note${i}`)) return `note${i}`
}
