import type { HistoryAction } from 'rete-history-plugin'

import type { CanvasFrame } from '../state/canvas-frames'
import type { CanvasNote } from '../state/canvas-notes'

/** The notes and frames of the canvas at one moment: what one undo step of theirs restores. */
export interface UiSnapshot {
  notes: CanvasNote[]
  frames: CanvasFrame[]
}

/**
 * An undoable change of the canvas's notes and frames (add, move, resize, edit, delete). They live in
 * the graph's `ui`, outside Rete, so the history plugin's classic preset does not see them. `key`
 * names the gesture: changes with the same key in quick succession (a drag, a burst of typing) are
 * one step, their `after` replaced by the latest state.
 */
export class UiAction implements HistoryAction {
  constructor(
    readonly key: string,
    private readonly before: UiSnapshot,
    public after: UiSnapshot,
    private readonly apply: (snapshot: UiSnapshot) => void,
  ) {}

  undo(): void {
    this.apply(this.before)
  }

  redo(): void {
    this.apply(this.after)
  }
}
