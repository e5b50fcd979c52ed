/**
 * The overlay colour ramp (packages/nodes/src/report/colormap.ts: blue at 0 through green to red at 1),
 * sampled as CSS gradient stops so the legend shows exactly the colours the overlays use.
 */
export function rampCss(steps = 10): string {
  const channel = (t: number, centre: number) => Math.round(255 * Math.min(1, Math.max(0, 1.5 - Math.abs(4 * t - centre))))
  const stops = Array.from({ length: steps + 1 }, (_, i) => {
    const t = i / steps
    return `rgb(${channel(t, 3)}, ${channel(t, 2)}, ${channel(t, 1)}) ${(t * 100).toFixed(0)}%`
  })
  return `linear-gradient(90deg, ${stops.join(', ')})`
}

/** Legend of the overlays: the colour ramp from a low to a high anomaly score, and the defect outline. */
export function ColourBar() {
  return (
    <div className="colour-bar" data-testid="colour-bar">
      <span className="muted small">low</span>
      <span className="colour-ramp" style={{ background: rampCss() }} title="Anomaly-map value, on one scale shared by every image" />
      <span className="muted small">high anomaly</span>
      <span className="outline-key small" title="Where the ground-truth mask marks a defect">▭ ground-truth outline</span>
    </div>
  )
}
