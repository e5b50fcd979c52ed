import { useCallback, useRef, useState } from 'react'

import type { ToastMessage } from '../components/Toast'

const TOAST_MS = 5000

/** Toast messages with automatic expiry. */
export function useToasts() {
  const [toasts, setToasts] = useState<ToastMessage[]>([])
  const next = useRef(1)
  const push = useCallback((kind: ToastMessage['kind'], text: string) => {
    const id = next.current++
    // The same refusal repeated while dragging shows once.
    setToasts((list) => [...list.filter((t) => t.text !== text), { id, kind, text }])
    setTimeout(() => setToasts((list) => list.filter((t) => t.id !== id)), TOAST_MS)
  }, [])
  return { toasts, push }
}
