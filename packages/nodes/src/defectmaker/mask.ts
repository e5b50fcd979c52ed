/** A binary mask in row-major order: 1 inside, 0 outside. */
export interface Mask {
  width: number
  height: number
  data: Uint8Array
}

/** An axis-aligned box in pixels: [x, x + width) x [y, y + height). */
export interface Box {
  x: number
  y: number
  width: number
  height: number
}

/** A mask of the given size filled with `value` (0 or 1). */
export function createMask(width: number, height: number, value: 0 | 1 = 0): Mask {
  return { width, height, data: new Uint8Array(width * height).fill(value) }
}

/** Number of set pixels. */
export function maskArea(mask: Mask): number {
  let count = 0
  for (const v of mask.data) count += v
  return count
}

/** Tight bounding box of the set pixels, or undefined for an empty mask. */
export function maskBoundingBox(mask: Mask): Box | undefined {
  let x0 = mask.width
  let y0 = mask.height
  let x1 = -1
  let y1 = -1
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if (mask.data[y * mask.width + x] === 0) continue
      x0 = Math.min(x0, x)
      x1 = Math.max(x1, x)
      y0 = Math.min(y0, y)
      y1 = Math.max(y1, y)
    }
  }
  return x1 < 0 ? undefined : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 }
}

/** Copies the box out of the mask. */
export function cropMask(mask: Mask, box: Box): Mask {
  const out = createMask(box.width, box.height)
  for (let y = 0; y < box.height; y++) {
    const from = (box.y + y) * mask.width + box.x
    out.data.set(mask.data.subarray(from, from + box.width), y * box.width)
  }
  return out
}

/** Pixel-wise AND of two masks of the same size. */
export function intersectMasks(a: Mask, b: Mask): Mask {
  if (a.width !== b.width || a.height !== b.height) {
    throw new RangeError(`intersectMasks: sizes ${a.width}x${a.height} and ${b.width}x${b.height} differ`)
  }
  const out = createMask(a.width, a.height)
  for (let i = 0; i < out.data.length; i++) out.data[i] = a.data[i]! & b.data[i]!
  return out
}
