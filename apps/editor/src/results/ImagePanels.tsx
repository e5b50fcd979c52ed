import { rampCss } from './ColourBar'
import type { ImagePanels as Panels, PixelThreshold } from './results-data'
import { niceTicks, tickLabel } from './ticks'

interface ImagePanelsProps {
  name: string
  panels: Panels
  mapRange?: [number, number]
  pixelThreshold?: PixelThreshold
}

/** The heat maps' colour scale with values, and the mark where the predicted masks are cut. */
export function MapScaleBar({ range, cut }: { range: [number, number]; cut?: number }) {
  const [lo, hi] = range
  const span = hi > lo ? hi - lo : 1
  const at = (v: number) => `${(Math.min(1, Math.max(0, (v - lo) / span)) * 100).toFixed(2)}%`
  const ticks = niceTicks(lo, hi, 5).filter((t) => t >= lo && t <= hi)
  return (
    <div className="map-scale" data-testid="map-scale">
      <div className="map-scale-ramp" style={{ background: rampCss() }}>
        {cut !== undefined && <span className="map-scale-cut" style={{ left: at(cut) }} title={`predicted-mask threshold ${cut.toPrecision(4)}`} data-testid="map-scale-cut" />}
      </div>
      <div className="map-scale-ticks">
        {ticks.map((t) => (
          <span key={t} style={{ left: at(t) }} data-testid="map-scale-tick">
            {tickLabel(t)}
          </span>
        ))}
      </div>
    </div>
  )
}

function Panel({ label, src, alt, children }: { label: string; src?: string; alt: string; children?: React.ReactNode }) {
  return (
    <figure className="image-panel" data-testid="image-panel" data-panel={label}>
      <figcaption>{label}</figcaption>
      {src ? <img src={src} alt={alt} /> : <div className="image-panel-empty" data-testid="no-mask">no mask</div>}
      {children}
    </figure>
  )
}

/** Image, ground truth, heat map with its colour scale, and predicted mask side by side, as anomalib's visualiser shows them. */
export function ImagePanels({ name, panels, mapRange, pixelThreshold }: ImagePanelsProps) {
  const cut = pixelThreshold ? `predicted mask (map ≥ ${pixelThreshold.value.toPrecision(4)})` : 'predicted mask'
  return (
    <div className="image-panels" data-testid="image-panels">
      <Panel label="image" src={panels.image} alt={name} />
      <Panel label="ground truth" {...(panels.mask ? { src: panels.mask } : {})} alt={`ground truth of ${name}`} />
      <Panel label="heat map" src={panels.heatmap} alt={`anomaly map of ${name}`}>
        {mapRange && <MapScaleBar range={mapRange} {...(pixelThreshold ? { cut: pixelThreshold.value } : {})} />}
      </Panel>
      <Panel label={cut} src={panels.predicted} alt={`predicted mask of ${name}`}>
        {pixelThreshold && <p className="muted small image-panel-note" data-testid="pixel-threshold-source">cut at {pixelThreshold.value.toPrecision(4)}: {pixelThreshold.source}</p>}
      </Panel>
    </div>
  )
}
