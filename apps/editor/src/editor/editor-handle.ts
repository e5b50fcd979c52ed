import type { NodeCatalogEntry } from '@inspectflow/graph-schema'
import type { NodeEditor } from 'rete'
import type { AreaPlugin } from 'rete-area-plugin'
import type { AutoArrangePlugin } from 'rete-auto-arrange-plugin'
import type { HistoryPlugin } from 'rete-history-plugin'

import type { EditorModel, GraphMeta, ModelNode } from '../graph-adapter'
import { InspectNode, type NodeStatus } from './inspect-node'
import { ParamsAction } from './params-action'
import { UiAction, type UiSnapshot } from './ui-action'
import type { AreaExtra, Link, Schemes } from './schemes'
import { Viewport } from './viewport'
import { CanvasEdits, type Selection } from './canvas-edits'

/** Callbacks from the canvas to the app. */
export interface EditorEvents {
  /** The graph changed (node added/removed/moved, link added/removed, params edited). */
  onChange: () => void
  /** A node was moved by the person (dirty, but nothing else to redraw). */
  onMove: () => void
  /** The selected node changed; undefined when none is selected. */
  onSelect: (nodeId: string | undefined) => void
  /** The zoom changed (wheel, buttons, fit, load). */
  onZoom?: (k: number) => void
}

interface Plugins {
  editor: NodeEditor<Schemes>
  area: AreaPlugin<Schemes, AreaExtra>
  history: HistoryPlugin<Schemes>
  arrange: AutoArrangePlugin<Schemes>
  selection: Selection
}

const CHANGE_SIGNALS = new Set(['nodecreated', 'noderemoved', 'connectioncreated', 'connectionremoved'])

function moved(data: { position: { x: number; y: number }; previous: { x: number; y: number } }): boolean {
  return data.position.x !== data.previous.x || data.position.y !== data.previous.y
}

/** The app's handle on the canvas: load and read the model, add nodes, undo/redo, arrange, statuses. */
export class EditorHandle {
  private loading = false
  /** The node whose params were edited last, so that an edit of another node starts a new undo step. */
  private lastParamsNode: string | undefined
  private readonly plugins: Plugins
  private readonly events: EditorEvents
  /** Zoom and pan: fit, zoom buttons, a file's zoom. */
  readonly view: Viewport
  /** Selection edits: select all, wires, delete, paste. */
  readonly edits: CanvasEdits

  constructor(plugins: Plugins, events: EditorEvents & { entryFor: (node: ModelNode) => NodeCatalogEntry }) {
    this.plugins = plugins
    this.events = events
    this.view = new Viewport(plugins.editor, plugins.area)
    this.edits = new CanvasEdits({ editor: plugins.editor, area: plugins.area, selection: plugins.selection, entryFor: events.entryFor })
    plugins.editor.addPipe((context) => {
      if (!this.loading && CHANGE_SIGNALS.has(context.type)) events.onChange()
      return context
    })
    plugins.area.addPipe((context) => {
      if (context.type === 'nodepicked') events.onSelect(context.data.id)
      // A click on a node also ends in a drag event; only a real move changes the file.
      if (context.type === 'nodetranslated' && !this.loading && moved(context.data)) events.onMove()
      if (context.type === 'pointerdown' && context.data.event.target === plugins.area.container) events.onSelect(undefined)
      if (context.type === 'zoomed') events.onZoom?.(plugins.area.area.transform.k)
      return context
    })
  }

  /** All nodes on the canvas. */
  nodes(): InspectNode[] {
    return this.plugins.editor.getNodes()
  }

  /** The node with this id, if any. */
  node(id: string): InspectNode | undefined {
    return this.plugins.editor.getNode(id)
  }

  /** Replaces the canvas content with a model; history starts empty. */
  async load(model: EditorModel, entryFor: (node: ModelNode) => NodeCatalogEntry): Promise<void> {
    const { editor, area, history } = this.plugins
    this.loading = true
    try {
      await editor.clear()
      for (const m of model.nodes) {
        const node = new InspectNode(entryFor(m), m)
        await editor.addNode(node)
        await area.translate(node.id, m.position)
      }
      for (const c of model.connections) {
        await editor.addConnection({ id: `${c.source}.${c.sourceOutput}->${c.target}.${c.targetInput}`, ...c } as Link)
      }
      // Where the file last looked, else the zoom it asks for, else a fit that keeps text readable.
      if (model.viewport) await this.view.apply(model.viewport)
      else if (!model.nodes.length) await this.view.apply({ x: 40, y: 40, k: 1 })
      else if (model.zoom) await this.view.zoomTo(model.zoom)
      else await this.view.fit()
    } finally {
      this.loading = false
      history.clear()
    }
  }

  /** Reads the canvas back into a model with the given graph-level fields. */
  read(meta: GraphMeta): EditorModel {
    const { editor, area } = this.plugins
    const nodes: ModelNode[] = editor.getNodes().map((n) => ({
      id: n.id,
      type: n.entry.type,
      typeVersion: n.typeVersion,
      ...(n.customLabel !== undefined ? { label: n.customLabel } : {}),
      params: n.params,
      position: { ...(area.nodeViews.get(n.id)?.position ?? { x: 0, y: 0 }) },
      uiExtra: n.uiExtra,
    }))
    const connections = editor.getConnections().map(({ source, sourceOutput, target, targetInput }) => ({ source, sourceOutput, target, targetInput }))
    const { x, y, k } = area.area.transform
    return { meta, nodes, connections, viewport: { x, y, k } }
  }

  /** Adds a node at a canvas position (near the centre of the view, clear of other nodes, when none is given). */
  async add(node: InspectNode, position?: { x: number; y: number }): Promise<void> {
    const { editor, area } = this.plugins
    const place = position ?? this.freeSpotNearCentre(node)
    await editor.addNode(node)
    await area.translate(node.id, place)
  }

  private freeSpotNearCentre(node: InspectNode): { x: number; y: number } {
    const { area, editor } = this.plugins
    const { x, y, k } = area.area.transform
    const rect = area.container.getBoundingClientRect()
    const left = (24 - x) / k
    const right = (rect.width - 24 - x) / k
    const spot = { x: Math.max(left, (rect.width / 2 - x) / k - node.width / 2), y: (rect.height / 4 - y) / k }
    const overlaps = () =>
      editor.getNodes().some((other) => {
        const at = area.nodeViews.get(other.id)?.position
        return at !== undefined && Math.abs(at.x - spot.x) < other.width + 30 && Math.abs(at.y - spot.y) < other.height + 20
      })
    // Step right while the node stays in view, then start a new row, so added nodes stay visible.
    for (let tries = 0; tries < 60 && overlaps(); tries++) {
      spot.x += node.width + 60
      if (spot.x + node.width > right) {
        spot.x = left
        spot.y += node.height + 40
      }
    }
    return spot
  }

  /** Adds a node where a palette item was dropped (client coordinates). */
  async addAtClient(node: InspectNode, clientX: number, clientY: number): Promise<void> {
    const { area } = this.plugins
    const rect = area.container.getBoundingClientRect()
    const { x, y, k } = area.area.transform
    await this.add(node, { x: (clientX - rect.left - x) / k, y: (clientY - rect.top - y) / k })
  }

  /** Renames a node on the canvas (saved as the node's `label`). */
  setLabel(nodeId: string, label: string): void {
    const node = this.node(nodeId)
    if (!node) return
    node.label = label
    void this.plugins.area.update('node', nodeId)
    this.events.onChange()
  }

  /** Sets a node's params as one undoable step. */
  setParams(nodeId: string, params: Record<string, unknown>): void {
    const node = this.node(nodeId)
    if (!node) return
    // The history merges actions less than 200 ms apart: a quick first edit after adding a node (or
    // after another node's edit) would be undone together with it. Successive edits of one node's
    // form still merge, as typing should.
    if (this.lastParamsNode !== nodeId) this.plugins.history.separate()
    this.lastParamsNode = nodeId
    const action = new ParamsAction(node, node.params, params, () => {
      void this.plugins.area.update('node', node.id)
      this.events.onChange()
    })
    this.plugins.history.add(action)
    void action.redo()
  }

  /**
   * Records a change of the notes and frames as an undo step (the caller applies it). A change with the
   * key of a step recorded less than `mergeMs` ago extends that step: one drag or one burst of typing
   * is undone at once. A new step never merges with what came before it.
   */
  recordUi(key: string, before: UiSnapshot, after: UiSnapshot, apply: (snapshot: UiSnapshot) => void, mergeMs = 1500): void {
    const { history } = this.plugins
    const recent = history.getRecent(mergeMs).find((record) => record.action instanceof UiAction && record.action.key === key)
    if (recent) {
      ;(recent.action as UiAction).after = after
      recent.time = Date.now()
      return
    }
    history.separate()
    history.add(new UiAction(key, before, after, apply))
    this.lastParamsNode = undefined
  }

  /** Shows a node's run status (badge, progress, message, preview). */
  setStatus(nodeId: string, status: NodeStatus): void {
    const node = this.node(nodeId)
    if (!node) return
    node.status = status
    node.resize()
    void this.plugins.area.update('node', nodeId)
  }

  /** Marks a node as selected on the canvas. */
  async select(nodeId: string): Promise<void> {
    const node = this.node(nodeId)
    if (node) await this.plugins.area.emit({ type: 'nodepicked', data: { id: nodeId } })
  }

  async undo(): Promise<void> {
    await this.plugins.history.undo()
  }

  async redo(): Promise<void> {
    await this.plugins.history.redo()
  }

  /** Lays the graph out left to right with elk. */
  async arrange(): Promise<void> {
    await this.plugins.arrange.layout()
    await this.zoomToFit()
  }

  async zoomToFit(): Promise<void> {
    await this.view.fit()
  }

  destroy(): void {
    this.plugins.area.destroy()
  }
}
