import { createMask, type Mask } from './mask'

/** A point in pixel coordinates. */
export interface Point {
  x: number
  y: number
}

/**
 * Rasterises a closed polygon filled, boundary included, like `cv2.drawContours(..., thickness=-1)`:
 * an even-odd scanline fill through pixel centres plus the polygon's edges drawn with Bresenham lines,
 * so that every vertex and edge pixel is set (a curve touching x = 0 and x = W - 1 fills the full box).
 */
export function fillPolygon(points: readonly Point[], width: number, height: number): Mask {
  const mask = createMask(width, height)
  fillInterior(mask, points)
  for (let i = 0; i < points.length; i++) {
    drawLine(mask, points[i]!, points[(i + 1) % points.length]!)
  }
  return mask
}

/** Sets the pixels whose centres lie inside the polygon (even-odd rule). */
function fillInterior(mask: Mask, points: readonly Point[]): void {
  const n = points.length
  for (let y = 0; y < mask.height; y++) {
    const crossings: number[] = []
    for (let i = 0; i < n; i++) {
      const a = points[i]!
      const b = points[(i + 1) % n]!
      // half-open rule on y so a vertex shared by two edges is counted once
      if ((a.y <= y && b.y > y) || (b.y <= y && a.y > y)) {
        crossings.push(a.x + ((y - a.y) * (b.x - a.x)) / (b.y - a.y))
      }
    }
    crossings.sort((p, q) => p - q)
    for (let c = 0; c + 1 < crossings.length; c += 2) {
      const from = Math.max(0, Math.ceil(crossings[c]!))
      const to = Math.min(mask.width - 1, Math.floor(crossings[c + 1]!))
      for (let x = from; x <= to; x++) mask.data[y * mask.width + x] = 1
    }
  }
}

/** Bresenham line between two integer points, clipped to the mask. */
function drawLine(mask: Mask, from: Point, to: Point): void {
  let x = Math.round(from.x)
  let y = Math.round(from.y)
  const x1 = Math.round(to.x)
  const y1 = Math.round(to.y)
  const dx = Math.abs(x1 - x)
  const dy = -Math.abs(y1 - y)
  const sx = x < x1 ? 1 : -1
  const sy = y < y1 ? 1 : -1
  let err = dx + dy
  for (;;) {
    if (x >= 0 && y >= 0 && x < mask.width && y < mask.height) mask.data[y * mask.width + x] = 1
    if (x === x1 && y === y1) return
    const e2 = 2 * err
    if (e2 >= dy) {
      err += dy
      x += sx
    }
    if (e2 <= dx) {
      err += dx
      y += sy
    }
  }
}
