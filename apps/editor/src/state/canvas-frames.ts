import type { GraphMeta } from '../graph-adapter'

/** A titled frame around a group of nodes, saved in the graph's `ui.frames` (the runtime ignores `ui`). */
export interface CanvasFrame {
  id: string
  x: number
  y: number
  width: number
  height: number
  title: string
}

function isFrame(value: unknown): value is CanvasFrame {
  const f = value as Partial<CanvasFrame> | null
  return !!f && typeof f.id === 'string' && [f.x, f.y, f.width, f.height].every((n) => typeof n === 'number') && typeof f.title === 'string'
}

/** The frames of a graph this editor can draw. */
export function readFrames(meta: GraphMeta): CanvasFrame[] {
  const frames = meta.ui?.frames
  return Array.isArray(frames) ? frames.filter(isFrame) : []
}

/** The graph fields with these frames in `ui.frames`; entries of another shape are kept. */
export function writeFrames(meta: GraphMeta, frames: CanvasFrame[]): GraphMeta {
  const previous = Array.isArray(meta.ui?.frames) ? (meta.ui.frames as unknown[]) : []
  return { ...meta, ui: { ...meta.ui, frames: [...frames, ...previous.filter((f) => !isFrame(f))] } }
}

/** A frame around the given boxes with a margin and room for its title; undefined for no boxes. */
export function frameAround(boxes: { left: number; top: number; right: number; bottom: number }[], id: string, title: string): CanvasFrame | undefined {
  if (!boxes.length) return undefined
  const left = Math.min(...boxes.map((b) => b.left)) - 24
  const top = Math.min(...boxes.map((b) => b.top)) - 48
  const right = Math.max(...boxes.map((b) => b.right)) + 24
  const bottom = Math.max(...boxes.map((b) => b.bottom)) + 24
  return { id, x: left, y: top, width: right - left, height: bottom - top, title }
}

/** True when a node box lies wholly inside the frame: it moves with the frame. */
export function insideFrame(frame: CanvasFrame, box: { left: number; top: number; right: number; bottom: number }): boolean {
  return box.left >= frame.x && box.top >= frame.y && box.right <= frame.x + frame.width && box.bottom <= frame.y + frame.height
}
