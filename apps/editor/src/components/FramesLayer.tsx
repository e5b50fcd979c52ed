import { useEffect, useRef } from 'react'
import { createPortal } from 'react-dom'

import type { Viewport } from '../editor/viewport'
import { type CanvasFrame, insideFrame } from '../state/canvas-frames'

interface FrameViewProps {
  frame: CanvasFrame
  view: Viewport
  /** `gesture` names the change for undo: changes of one gesture (a drag, typing) are one step. */
  onFrame: (frame: CanvasFrame, gesture: string) => void
  onRemove: () => void
}

/** Follows the pointer from a press until release, in graph units (the zoom divided out). */
function dragFrom(down: PointerEvent, view: Viewport, onMove: (dx: number, dy: number) => void): void {
  const move = (e: PointerEvent) => onMove((e.clientX - down.clientX) / view.zoom, (e.clientY - down.clientY) / view.zoom)
  window.addEventListener('pointermove', move)
  window.addEventListener('pointerup', () => window.removeEventListener('pointermove', move), { once: true })
}

function FrameView({ frame, view, onFrame, onRemove }: FrameViewProps) {
  const root = useRef<HTMLDivElement>(null)
  const latest = useRef({ frame, onFrame })
  latest.current = { frame, onFrame }
  useEffect(() => {
    const element = root.current
    if (!element) return
    // Native, so the canvas's own pointer handler does not pan on a press that moves or sizes the frame.
    const onDown = (down: PointerEvent) => {
      const target = down.target as HTMLElement
      const start = { ...latest.current.frame }
      const gesture = `${start.id}:${down.timeStamp}`
      if (target.closest('.frame-resize')) {
        down.stopPropagation()
        dragFrom(down, view, (dx, dy) => latest.current.onFrame({ ...start, width: Math.max(120, start.width + dx), height: Math.max(80, start.height + dy) }, `resize:${gesture}`))
      } else if (target.closest('input, button')) {
        // Editing the title or pressing delete: not a pan of the canvas underneath.
        down.stopPropagation()
      } else if (target.closest('.frame-bar')) {
        down.stopPropagation()
        // The nodes inside when the drag starts move with the frame, as in ComfyUI groups.
        const boxes = view.nodeBoxes()
        const inside = [...boxes].filter(([, box]) => insideFrame(start, box)).map(([id]) => id)
        dragFrom(down, view, (dx, dy) => {
          latest.current.onFrame({ ...start, x: start.x + dx, y: start.y + dy }, `move:${gesture}`)
          void view.moveNodes(inside, boxes, dx, dy)
        })
      }
    }
    element.addEventListener('pointerdown', onDown)
    return () => element.removeEventListener('pointerdown', onDown)
  }, [view])
  return (
    <div ref={root} className="canvas-frame" style={{ left: frame.x, top: frame.y, width: frame.width, height: frame.height }} data-testid={`frame-${frame.id}`}>
      <div className="frame-bar">
        <input value={frame.title} onChange={(e) => onFrame({ ...frame, title: e.target.value }, `title:${frame.id}`)} data-testid={`frame-title-${frame.id}`} aria-label="Frame title" />
        <button className="link-button" onClick={onRemove} title="Remove the frame (its nodes stay)" data-testid={`frame-delete-${frame.id}`}>×</button>
      </div>
      <div className="frame-resize" title="Drag to resize" />
    </div>
  )
}

/** Frames drawn behind the nodes in the canvas's own coordinates; dragging one moves the nodes inside. */
export function FramesLayer({ view, frames, onChange }: { view: Viewport; frames: CanvasFrame[]; onChange: (frames: CanvasFrame[], gesture: string) => void }) {
  return createPortal(
    frames.map((frame) => (
      <FrameView
        key={frame.id}
        frame={frame}
        view={view}
        onFrame={(next, gesture) => onChange(frames.map((f) => (f.id === frame.id ? next : f)), gesture)}
        onRemove={() => onChange(frames.filter((f) => f.id !== frame.id), `remove:${frame.id}:${Date.now()}`)}
      />
    )),
    view.framesLayer(),
  )
}
