import { rampColour } from './colormap'
import { escapeHtml } from './escape'
import type { PixelThreshold } from './pixel-threshold'
import type { ReportImage } from './worst-cases'

/** The four panels of one image as data URIs; `mask` is null when the dataset has no mask for it. */
export interface CasePanels {
  image: string
  mask: string | null
  heatmap: string
  predicted: string
}

/** A worst case or a new image, with its panels embedded. */
export interface ReportCase extends ReportImage {
  panels: CasePanels
}

/** How the panels of the report are drawn: the shared map range and the predicted-mask threshold. */
export interface PanelScale {
  range: [number, number]
  pixelThreshold: PixelThreshold
  /** Side each panel is shown at, in pixels (its file is never larger than the map). */
  side: number
}

export const PANEL_STYLE = `.panels{display:flex;gap:6px}.panels figure{margin:0;text-align:center;font-size:11px;color:#555}
.panels img,.panels .nomask{display:block;border:1px solid #ccc;background:#000;image-rendering:pixelated}.panels .nomask{display:flex;align-items:center;justify-content:center;color:#ddd;background:#333}
.case4{border:1px solid #ddd;border-radius:6px;padding:8px;margin:0 0 10px}.case4 figcaption{font-size:12px;margin-bottom:6px}
.colourbar{display:flex;align-items:center;gap:8px;font-size:12px;margin:6px 0}.ramp{position:relative;width:240px;height:12px;border:1px solid #999}
.ramp .cut{position:absolute;top:-4px;bottom:-4px;width:2px;background:#000}`

function rampCss(): string {
  const stops = Array.from({ length: 11 }, (_, i) => {
    const [r, g, b] = rampColour(i / 10)
    return `rgb(${r},${g},${b}) ${i * 10}%`
  })
  return `linear-gradient(90deg,${stops.join(',')})`
}

/** The colour scale of the heat maps with its end values, and where the predicted-mask cut lies on it. */
export function colourBarHtml(scale: PanelScale): string {
  const [lo, hi] = scale.range
  const at = hi > lo ? Math.min(1, Math.max(0, (scale.pixelThreshold.value - lo) / (hi - lo))) : 0
  return `<div class="colourbar"><span>${lo.toPrecision(4)}</span><span class="ramp" style="background:${rampCss()}"><span class="cut" style="left:${(at * 100).toFixed(1)}%" title="predicted-mask threshold"></span></span><span>${hi.toPrecision(4)}</span><span>anomaly-map value (one scale for every image); black mark: predicted-mask threshold ${scale.pixelThreshold.value.toPrecision(4)}</span></div>`
}

function panel(label: string, src: string | null, side: number, alt: string): string {
  const body = src ? `<img src="${src}" width="${side}" height="${side}" alt="${escapeHtml(alt)}">` : `<div class="nomask" style="width:${side}px;height:${side}px">no mask</div>`
  return `<figure class="panel"><figcaption>${escapeHtml(label)}</figcaption>${body}</figure>`
}

/** One image's four panels in a row, under its name, score and decision. */
export function caseHtml(c: ReportCase, scale: PanelScale, verdict: string): string {
  const { side } = scale
  const cut = `predicted mask (map ≥ ${scale.pixelThreshold.value.toPrecision(4)})`
  return `<figure class="case4"><figcaption><strong>${escapeHtml(c.name)}</strong> · ${escapeHtml(c.defectType)} · score ${c.score.toPrecision(4)} · ${verdict}</figcaption><div class="panels">${panel('image', c.panels.image, side, `${c.name}`)}${panel('ground truth', c.panels.mask, side, `ground truth of ${c.name}`)}${panel('heat map', c.panels.heatmap, side, `anomaly map of ${c.name}`)}${panel(cut, c.panels.predicted, side, `predicted mask of ${c.name}`)}</div></figure>`
}
