import { createMask, type Mask } from './mask'

/**
 * Rotates a mask counter-clockwise by `degrees` with nearest-neighbour sampling onto a canvas large
 * enough for the whole rotated box, like PIL `rotate(angle, expand=True)`.
 */
export function rotateMaskExpand(mask: Mask, degrees: number): Mask {
  const theta = (degrees * Math.PI) / 180
  const cos = Math.cos(theta)
  const sin = Math.sin(theta)
  const { width: w, height: h } = mask
  // corners rotated counter-clockwise on screen (y points down) about the centre, in the input's
  // frame, so the canvas size rounds the way PIL's does
  const corners = [[-w / 2, -h / 2], [w / 2, -h / 2], [-w / 2, h / 2], [w / 2, h / 2]] as const
  const xs = corners.map(([x, y]) => x * cos + y * sin + w / 2)
  const ys = corners.map(([x, y]) => -x * sin + y * cos + h / 2)
  const outW = Math.ceil(Math.max(...xs) - 1e-9) - Math.floor(Math.min(...xs) + 1e-9)
  const outH = Math.ceil(Math.max(...ys) - 1e-9) - Math.floor(Math.min(...ys) + 1e-9)
  const out = createMask(outW, outH)
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      const rx = ox + 0.5 - outW / 2
      const ry = oy + 0.5 - outH / 2
      // inverse rotation back into the source frame
      const sx = Math.floor(rx * cos - ry * sin + w / 2)
      const sy = Math.floor(rx * sin + ry * cos + h / 2)
      if (sx >= 0 && sy >= 0 && sx < w && sy < h) out.data[oy * outW + ox] = mask.data[sy * w + sx]!
    }
  }
  return out
}
