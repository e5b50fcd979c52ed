import { Presets } from 'rete-react-plugin'

import type { Link } from './schemes'
import { socketColor } from './sockets'

const { useConnection } = Presets.classic

/** DOM event a wire sends when clicked (detail: the connection id); the canvas edits pick it up. */
export const LINK_PICK_EVENT = 'inspectflow-link-pick'

/** A wire in the colour of the socket type it carries; a click picks it (Delete then removes it). */
export function LinkView({ data }: { data: Link }) {
  const { path } = useConnection()
  if (!path) return null
  return (
    <svg className={`link ${data.picked ? 'picked' : ''}`} data-testid={`link-${data.source}.${data.sourceOutput}-${data.target}.${data.targetInput}`}>
      <path d={path} stroke={socketColor(data.socketType ?? '')} />
      {/* A wide transparent twin of the wire: a 3 px line is too thin to hit with the mouse. */}
      <path
        className="link-hit"
        d={path}
        onPointerDown={(event) => {
          // Keep the area from starting a pan, and tell the canvas which wire this is.
          event.stopPropagation()
          event.currentTarget.dispatchEvent(new CustomEvent(LINK_PICK_EVENT, { detail: data.id, bubbles: true }))
        }}
      />
    </svg>
  )
}
