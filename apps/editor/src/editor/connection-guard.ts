import type { NodeEditor } from 'rete'

import type { InspectNode } from './inspect-node'
import type { Schemes } from './schemes'
import { incompatibilityReason } from './sockets'

/** One end of a link as the connection plugin reports it. */
export interface SocketRef {
  nodeId: string
  side: 'input' | 'output'
  key: string
}

/** Called when a link is refused; `reason` is one sentence for the person. */
export type RefusalHandler = (reason: string) => void

function portType(node: InspectNode | undefined, side: 'input' | 'output', key: string): string | undefined {
  const port = side === 'input' ? node?.inputs[key] : node?.outputs[key]
  return port?.socket.name
}

/** Why a link between the two sockets is refused, or undefined when it is allowed. */
export function refusalReason(editor: NodeEditor<Schemes>, a: SocketRef, b: SocketRef): string | undefined {
  if (a.side === b.side) return `Connect an output to an input (both ends are ${a.side}s).`
  const [from, to] = a.side === 'output' ? [a, b] : [b, a]
  if (from.nodeId === to.nodeId) return 'A node cannot feed itself.'
  const fromType = portType(editor.getNode(from.nodeId), 'output', from.key)
  const toType = portType(editor.getNode(to.nodeId), 'input', to.key)
  if (!fromType || !toType) return `Unknown port ${from.nodeId}.${from.key} or ${to.nodeId}.${to.key}.`
  return incompatibilityReason(fromType, toType)
}

/**
 * Refuses incompatible links however they are made (drawn, pasted, undone): the `connectioncreate`
 * pipe returns undefined, which cancels the action in Rete. Accepted links get their socket type so
 * the wire can be drawn in the type's colour.
 */
export function installConnectionGuard(editor: NodeEditor<Schemes>, onRefuse: RefusalHandler): void {
  editor.addPipe((context) => {
    if (context.type !== 'connectioncreate') return context
    const c = context.data
    const reason = refusalReason(
      editor,
      { nodeId: c.source, side: 'output', key: c.sourceOutput },
      { nodeId: c.target, side: 'input', key: c.targetInput },
    )
    if (reason) {
      onRefuse(reason)
      return undefined
    }
    c.socketType = portType(editor.getNode(c.source), 'output', c.sourceOutput)
    return context
  })
}
