/** Jet-like colour ramp: blue (0) through green to red (1); returns bytes. */
export function rampColour(v: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, v))
  const channel = (centre: number): number => Math.round(255 * Math.min(1, Math.max(0, 1.5 - Math.abs(4 * t - centre))))
  return [channel(3), channel(2), channel(1)]
}
