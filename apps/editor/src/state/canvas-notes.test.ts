import { describe, expect, it } from 'vitest'

import { emptyModel } from '../graph-adapter'
import { freshNoteId, readNotes, writeNotes } from './canvas-notes'

describe('canvas notes in ui.notes', () => {
  const meta = { ...emptyModel().meta, ui: { zoom: 1, notes: [{ id: 'note1', x: 1, y: 2, text: 'hi' }, { kind: 'frame' }] } }

  it('reads the notes it understands, with a default width', () => {
    expect(readNotes(meta)).toEqual([{ id: 'note1', x: 1, y: 2, width: 220, text: 'hi' }])
  })

  it('writes notes back keeping the rest of ui and entries of unknown shape', () => {
    const out = writeNotes(meta, [{ id: 'note2', x: 0, y: 0, width: 200, text: 'new' }])
    expect(out.ui).toEqual({ zoom: 1, notes: [{ id: 'note2', x: 0, y: 0, width: 200, text: 'new' }, { kind: 'frame' }] })
  })

  it('numbers new notes', () => {
    expect(freshNoteId(readNotes(meta))).toBe('note2')
  })
})
