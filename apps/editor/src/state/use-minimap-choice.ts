import { useState } from 'react'

const KEY = 'inspectflow.minimap'

/**
 * Whether the minimap shows, remembered in this browser. Off until asked for: over the canvas corner
 * it covers nodes, and the zoom controls already fit the graph in view.
 */
export function useMinimapChoice(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => localStorage.getItem(KEY) === 'on')
  return [
    on,
    (next: boolean) => {
      localStorage.setItem(KEY, next ? 'on' : 'off')
      setOn(next)
    },
  ]
}
