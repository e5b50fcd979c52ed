import { useEffect, useRef } from 'react'

interface Shortcuts {
  save: () => void
  remove: () => void
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)
}

/** Ctrl/Cmd+S saves; Delete removes the selected node (not while typing in a form). Undo/redo keys come from the history plugin. */
export function useShortcuts(shortcuts: Shortcuts) {
  const current = useRef(shortcuts)
  current.current = shortcuts
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault()
        current.current.save()
      } else if ((event.key === 'Delete' || event.key === 'Backspace') && !isTyping(event.target)) current.current.remove()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
