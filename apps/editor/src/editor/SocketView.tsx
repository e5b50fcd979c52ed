import type { ClassicPreset } from 'rete'

import { socketColor, socketDescription } from './sockets'

/** A socket dot in its type's colour; the tooltip names the type. */
export function SocketView({ data }: { data: ClassicPreset.Socket }) {
  return (
    <div
      className="socket"
      style={{ background: socketColor(data.name) }}
      title={`${data.name}: ${socketDescription(data.name)}`}
      data-socket-type={data.name}
    />
  )
}
