import { useEffect, useRef } from 'react'

/** What the keyboard can do; each is optional so the app wires what it has. */
export interface Shortcuts {
  save: () => void
  remove: () => void
  undo: () => void
  redo: () => void
  zoomIn: () => void
  zoomOut: () => void
  fit: () => void
  selectAll: () => void
  duplicate: () => void
  run: () => void
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)
}

/** The action a key press asks for, or undefined. Ctrl and Cmd are the same key here. */
export function shortcutFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey'>, typing: boolean): keyof Shortcuts | undefined {
  const key = event.key.toLowerCase()
  if (event.ctrlKey || event.metaKey) {
    if (key === 's') return 'save'
    // ComfyUI's "queue prompt" key.
    if (key === 'enter') return 'run'
    // In a text field the browser's own undo edits the text; the graph's history is for the canvas.
    if (typing) return undefined
    if (key === 'z') return event.shiftKey ? 'redo' : 'undo'
    if (key === 'y') return 'redo'
    if (key === 'a') return 'selectAll'
    if (key === 'd') return 'duplicate'
    // Ctrl+C, X and V go through the browser's copy, cut and paste events (use-clipboard.ts).
    return undefined
  }
  if (typing) return undefined
  const plain: Record<string, keyof Shortcuts> = { delete: 'remove', backspace: 'remove', '+': 'zoomIn', '=': 'zoomIn', '-': 'zoomOut', '.': 'fit' }
  return plain[key]
}

/**
 * Editor keys: Ctrl/Cmd+S saves; Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo; Ctrl+A selects all,
 * Ctrl+D duplicates; Ctrl+Enter runs; Delete removes the selection; + and - zoom, "." fits the graph in view (none of
 * them but save while typing in a form).
 */
export function useShortcuts(shortcuts: Shortcuts) {
  const current = useRef(shortcuts)
  current.current = shortcuts
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutFor(event, isTyping(event.target))
      if (!action) return
      event.preventDefault()
      current.current[action]()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
