import { Presets } from 'rete-react-plugin'

import type { Link } from './schemes'
import { socketColor } from './sockets'

const { useConnection } = Presets.classic

/** A wire in the colour of the socket type it carries. */
export function LinkView({ data }: { data: Link }) {
  const { path } = useConnection()
  if (!path) return null
  return (
    <svg className="link" data-testid={`link-${data.source}.${data.sourceOutput}-${data.target}.${data.targetInput}`}>
      <path d={path} stroke={socketColor(data.socketType ?? '')} />
    </svg>
  )
}
