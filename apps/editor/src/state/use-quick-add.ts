import type { NodeCatalogEntry } from '@inspectflow/graph-schema'
import { type RefObject, useEffect, useRef, useState } from 'react'

import type { SocketRef } from '../editor/connection-guard'
import type { EditorHandle } from '../editor/editor-handle'
import type { InspectNode } from '../editor/inspect-node'
import type { DanglingEnd, QuickAddMatch } from './quick-add'

/** An open quick-add box: where (canvas-relative and client), and the wire it must join. */
export interface QuickAddState {
  left: number
  top: number
  clientX: number
  clientY: number
  end?: DanglingEnd
}

/**
 * The quick-add box: opened by a double-click on the empty canvas or a wire let go there; the chosen
 * node lands at that point, linked to the wire's end when there is one.
 */
export function useQuickAdd(handle: EditorHandle | undefined, makeNode: (entry: NodeCatalogEntry) => InspectNode, canvas: RefObject<HTMLDivElement | null>) {
  const [state, setState] = useState<QuickAddState>()
  const pointer = useRef({ x: 0, y: 0 })
  useEffect(() => {
    const track = (e: PointerEvent) => (pointer.current = { x: e.clientX, y: e.clientY })
    window.addEventListener('pointermove', track)
    window.addEventListener('pointerup', track)
    return () => {
      window.removeEventListener('pointermove', track)
      window.removeEventListener('pointerup', track)
    }
  }, [])

  const openAt = (clientX: number, clientY: number, end?: DanglingEnd) => {
    const rect = canvas.current?.getBoundingClientRect()
    if (!rect) return
    // Kept inside the canvas so the list never opens under the side panel or off the bottom.
    const left = Math.max(8, Math.min(clientX - rect.left, rect.width - 316))
    const top = Math.max(8, Math.min(clientY - rect.top, rect.height - 200))
    setState({ left, top, clientX, clientY, ...(end ? { end } : {}) })
  }

  /** A wire let go over no socket, at the last pointer position. */
  const onWireDropped = (ref: SocketRef) => {
    const node = handle?.node(ref.nodeId)
    const port = ref.side === 'output' ? node?.outputs[ref.key] : node?.inputs[ref.key]
    if (port) openAt(pointer.current.x, pointer.current.y, { ...ref, type: port.socket.name })
  }

  const pick = async (match: QuickAddMatch) => {
    const at = state
    setState(undefined)
    if (!handle || !at) return
    const node = makeNode(match.entry)
    await handle.addAtClient(node, at.clientX, at.clientY)
    const { end } = at
    if (!end || !match.port) return
    if (end.side === 'output') await handle.edits.connect(end.nodeId, end.key, node.id, match.port)
    else await handle.edits.connect(node.id, match.port, end.nodeId, end.key)
  }

  return { state, openAt, onWireDropped, pick, close: () => setState(undefined) }
}
