/**
 * Where the canvas looks, as plain numbers: the fit, zoom-to and zoom-around-a-point rules, kept apart
 * from Rete so they can be tested without a browser.
 */

/** The area's transform: screen = graph * k + (x, y). */
export interface Transform {
  x: number
  y: number
  k: number
}

/** A rectangle in graph coordinates. */
export interface Box {
  left: number
  top: number
  right: number
  bottom: number
}

/** Below this zoom node text is smaller than about 10 px: a fit stops here and the person pans. */
export const MIN_READABLE_ZOOM = 0.75
/** The zoom buttons and wheel stay within these. */
export const MIN_ZOOM = 0.1
export const MAX_ZOOM = 2.5
const MARGIN = 40

/** The box around all the given boxes. */
export function unionBox(boxes: Box[]): Box | undefined {
  if (!boxes.length) return undefined
  return {
    left: Math.min(...boxes.map((b) => b.left)),
    top: Math.min(...boxes.map((b) => b.top)),
    right: Math.max(...boxes.map((b) => b.right)),
    bottom: Math.max(...boxes.map((b) => b.bottom)),
  }
}

/**
 * The graph at zoom `k`: centred on each axis where it fits the view, otherwise its left (or top) edge
 * a margin from the view's, so the first nodes of a left-to-right pipeline are the ones in view.
 */
export function transformAtZoom(box: Box, view: { width: number; height: number }, k: number): Transform {
  const axis = (low: number, high: number, size: number) => {
    const span = (high - low) * k
    return span + 2 * MARGIN <= size ? (size - span) / 2 - low * k : MARGIN - low * k
  }
  return { x: axis(box.left, box.right, view.width), y: axis(box.top, box.bottom, view.height), k }
}

/** The zoom that shows the whole box (at most 1:1), but never below `minZoom`. */
export function fitTransform(box: Box, view: { width: number; height: number }, minZoom = MIN_READABLE_ZOOM): Transform {
  const width = Math.max(1, box.right - box.left)
  const height = Math.max(1, box.bottom - box.top)
  const k = Math.min(1, (view.width - 2 * MARGIN) / width, (view.height - 2 * MARGIN) / height)
  return transformAtZoom(box, view, Math.max(minZoom, k))
}

/** The transform after zooming to `k` around a point of the view (the point stays where it is). */
export function zoomAround(t: Transform, k: number, px: number, py: number): Transform {
  const next = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k))
  const r = next / t.k
  return { x: px - (px - t.x) * r, y: py - (py - t.y) * r, k: next }
}
