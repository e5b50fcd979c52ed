/** A square float RGB image in [0, 1], row-major HWC; what the generator paints on. */
export interface Canvas {
  size: number
  data: Float32Array
}

/** A blank canvas of side `size`. */
export function createCanvas(size: number): Canvas {
  return { size, data: new Float32Array(size * size * 3) }
}

/** Blends colour `rgb` into pixel (x, y) with opacity alpha in [0, 1]. */
export function blendPixel(canvas: Canvas, x: number, y: number, rgb: readonly number[], alpha: number): void {
  const o = (y * canvas.size + x) * 3
  for (let c = 0; c < 3; c++) canvas.data[o + c] = (canvas.data[o + c] as number) * (1 - alpha) + (rgb[c] as number) * alpha
}

/** The canvas as 8-bit RGB bytes, clamped. */
export function canvasBytes(canvas: Canvas): Uint8Array {
  return Uint8Array.from(canvas.data, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255))
}
