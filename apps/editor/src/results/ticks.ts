/**
 * Round tick values for a chart axis: steps of 1, 2 or 5 times a power of ten, about `count` of them,
 * inside [min, max]. For min = max the one value is the only tick.
 */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return []
  if (max <= min) return [min]
  const rough = (max - min) / count
  const power = 10 ** Math.floor(Math.log10(rough))
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power
  const ticks: number[] = []
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)))
  return ticks
}

/** A tick value written short: no trailing zeros, at most 4 significant digits. */
export function tickLabel(value: number): string {
  return Number(value.toPrecision(4)).toString()
}
