import type { NodeEditor } from 'rete'
import type { AreaPlugin } from 'rete-area-plugin'

import type { AreaExtra, Schemes } from './schemes'
import { type Box, fitTransform, MAX_ZOOM, MIN_READABLE_ZOOM, MIN_ZOOM, type Transform, transformAtZoom, unionBox, zoomAround } from './viewport-math'

/** Zoom and pan of the canvas: fit with a readable minimum, a file's zoom, the zoom buttons. */
export class Viewport {
  constructor(
    private readonly editor: NodeEditor<Schemes>,
    private readonly area: AreaPlugin<Schemes, AreaExtra>,
  ) {
    // The wheel zooms through the same guard: keep it within the limits the buttons use.
    area.addPipe((context) => {
      if (context.type !== 'zoom') return context
      // A double-click on the canvas opens quick-add; it must not also zoom in.
      if (context.data.source === 'dblclick') return undefined
      return { ...context, data: { ...context.data, zoom: Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, context.data.zoom)) } }
    })
  }

  private notes: HTMLElement | undefined
  private frames: HTMLElement | undefined

  /** A layer under the nodes (frames sit behind what they group) that pans and zooms with them. */
  framesLayer(): HTMLElement {
    if (!this.frames) {
      this.frames = document.createElement('div')
      this.frames.className = 'frames-layer'
      const holder = this.area.area.content.holder
      holder.insertBefore(this.frames, holder.firstChild)
    }
    return this.frames
  }

  /** Each node's box as drawn, in graph coordinates. */
  nodeBoxes(): Map<string, Box> {
    const boxes = new Map<string, Box>()
    for (const node of this.editor.getNodes()) {
      const view = this.area.nodeViews.get(node.id)
      if (!view) continue
      const { x, y } = view.position
      boxes.set(node.id, { left: x, top: y, right: x + (view.element.offsetWidth || node.width), bottom: y + (view.element.offsetHeight || node.height) })
    }
    return boxes
  }

  /** Moves nodes by a distance in graph units (a frame dragged with its nodes). */
  async moveNodes(ids: Iterable<string>, from: Map<string, Box>, dx: number, dy: number): Promise<void> {
    for (const id of ids) {
      const box = from.get(id)
      if (box) await this.area.translate(id, { x: box.left + dx, y: box.top + dy })
    }
  }

  /** A layer above the nodes (sticky notes sit on top) that pans and zooms with them, at graph coordinates. */
  notesLayer(): HTMLElement {
    if (!this.notes) {
      this.notes = document.createElement('div')
      this.notes.className = 'notes-layer'
      const holder = this.area.area.content.holder
      holder.insertBefore(this.notes, holder.firstChild)
    }
    return this.notes
  }

  /** The middle of the view in graph coordinates (where a new note goes). */
  centre(): { x: number; y: number } {
    const rect = this.area.container.getBoundingClientRect()
    return this.toGraph(rect.left + rect.width / 2, rect.top + rect.height / 3)
  }

  /** The current zoom factor. */
  get zoom(): number {
    return this.area.area.transform.k
  }

  private size() {
    return { width: this.area.container.clientWidth, height: this.area.container.clientHeight }
  }

  /** The box around every node as drawn (the element's size, which grows with messages and previews). */
  private graphBox(): Box | undefined {
    return unionBox([...this.nodeBoxes().values()])
  }

  /** Moves the view to a transform. */
  async apply(t: Transform): Promise<void> {
    this.area.area.transform.x = t.x
    this.area.area.transform.y = t.y
    // zoom() redraws and tells listeners (the zoom level display) what the zoom now is.
    await this.area.area.zoom(t.k, 0, 0)
  }

  /** Shows the whole graph, or its left part at the smallest zoom at which node text is readable. */
  async fit(): Promise<void> {
    const box = this.graphBox()
    if (box) await this.apply(fitTransform(box, this.size()))
  }

  /**
   * Shows the graph at a file's `ui.zoom`, but never below the readable zoom: templates saved for
   * smaller node text would otherwise open with text too small to read.
   */
  async zoomTo(k: number): Promise<void> {
    const box = this.graphBox()
    if (box) await this.apply(transformAtZoom(box, this.size(), Math.min(MAX_ZOOM, Math.max(MIN_READABLE_ZOOM, k))))
  }

  /** A point of the page (client coordinates) in graph coordinates. */
  toGraph(clientX: number, clientY: number): { x: number; y: number } {
    const rect = this.area.container.getBoundingClientRect()
    const { x, y, k } = this.area.area.transform
    return { x: (clientX - rect.left - x) / k, y: (clientY - rect.top - y) / k }
  }

  /** Zooms in (factor > 1) or out around the middle of the view. */
  async zoomBy(factor: number): Promise<void> {
    const { width, height } = this.size()
    await this.apply(zoomAround(this.area.area.transform, this.zoom * factor, width / 2, height / 2))
  }
}
