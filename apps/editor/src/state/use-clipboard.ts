import type { GraphFile } from '@inspectflow/graph-schema'
import { useEffect, useRef } from 'react'

import type { EditorHandle } from '../editor/editor-handle'
import { fragmentOf, type GraphFragment, parseFragment, placeFragment } from '../editor/graph-fragment'

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)
}

/** Where pasted nodes go: under the pointer when it is over the canvas, else next to the copied ones. */
function pastePoint(handle: EditorHandle, fragment: GraphFragment, pointer: { x: number; y: number } | undefined) {
  if (pointer) return handle.view.toGraph(pointer.x, pointer.y)
  const xs = fragment.nodes.map((n) => Number(n.ui?.x) || 0)
  const ys = fragment.nodes.map((n) => Number(n.ui?.y) || 0)
  return { x: Math.min(...xs) + 40, y: Math.min(...ys) + 40 }
}

/**
 * Copy, cut, paste and duplicate of the selected nodes. The clipboard carries graph-file JSON (the
 * nodes and the links among them), so nodes paste between tabs and into a text editor, and a graph
 * file's text pastes in as nodes.
 */
export function useClipboard(handle: EditorHandle | undefined, currentFile: () => GraphFile) {
  const pointer = useRef<{ x: number; y: number }>(undefined)

  const copySelection = (): GraphFragment | undefined => {
    const ids = handle?.edits.selectedIds() ?? []
    return ids.length ? fragmentOf(currentFile(), new Set(ids)) : undefined
  }

  const paste = async (fragment: GraphFragment) => {
    if (!handle || !fragment.nodes.length) return
    const taken = handle.nodes().map((n) => n.id)
    await handle.edits.addFragment(placeFragment(fragment, taken, pastePoint(handle, fragment, pointer.current)))
  }

  const live = useRef({ copySelection, paste })
  live.current = { copySelection, paste }

  useEffect(() => {
    const onCopy = (event: ClipboardEvent, cut: boolean) => {
      if (isTyping(event.target) || !event.clipboardData) return
      const fragment = live.current.copySelection()
      if (!fragment) return
      event.clipboardData.setData('text/plain', JSON.stringify(fragment, null, 2))
      event.preventDefault()
      if (cut) void handle?.edits.removeSelection()
    }
    const onPaste = (event: ClipboardEvent) => {
      if (isTyping(event.target)) return
      const fragment = parseFragment(event.clipboardData?.getData('text/plain') ?? '')
      if (!fragment) return
      event.preventDefault()
      void live.current.paste(fragment)
    }
    const onPointer = (event: PointerEvent) => {
      const overCanvas = (event.target as HTMLElement | null)?.closest?.('[data-testid="canvas"]')
      pointer.current = overCanvas ? { x: event.clientX, y: event.clientY } : undefined
    }
    const copy = (e: ClipboardEvent) => onCopy(e, false)
    const cut = (e: ClipboardEvent) => onCopy(e, true)
    document.addEventListener('copy', copy)
    document.addEventListener('cut', cut)
    document.addEventListener('paste', onPaste)
    window.addEventListener('pointermove', onPointer)
    return () => {
      document.removeEventListener('copy', copy)
      document.removeEventListener('cut', cut)
      document.removeEventListener('paste', onPaste)
      window.removeEventListener('pointermove', onPointer)
    }
  }, [handle])

  /** Ctrl+D: a copy of the selection next to it, without touching the clipboard. */
  const duplicate = async () => {
    const fragment = copySelection()
    if (!fragment || !handle) return
    const taken = handle.nodes().map((n) => n.id)
    await handle.edits.addFragment(placeFragment(fragment, taken, pastePoint(handle, fragment, undefined)))
  }
  return { duplicate }
}
