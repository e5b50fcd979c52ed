import type { NodeCatalogEntry } from '@inspectflow/graph-schema'
import type { NodeEditor } from 'rete'
import type { AreaPlugin } from 'rete-area-plugin'

import type { ModelNode } from '../graph-adapter'
import { installBoxSelect } from './box-select'
import type { GraphFragment } from './graph-fragment'
import { InspectNode } from './inspect-node'
import { LINK_PICK_EVENT } from './LinkView'
import type { AreaExtra, Link, Schemes } from './schemes'

/** What selectableNodes gives back, and the selector behind it. */
export interface Selection {
  select: (nodeId: string, accumulate: boolean) => Promise<void>
  unselectAll: () => Promise<void>
}

interface EditsDeps {
  editor: NodeEditor<Schemes>
  area: AreaPlugin<Schemes, AreaExtra>
  selection: Selection
  /** The catalog entry a pasted node is built from (a stand-in for unknown types). */
  entryFor: (node: ModelNode) => NodeCatalogEntry
}

/** Edits on the selection: box select, select all, pick and delete a wire, delete selected nodes, paste a fragment. */
export class CanvasEdits {
  private picked: string | undefined

  constructor(private readonly deps: EditsDeps) {
    installBoxSelect(deps)
    // A click on a wire (LinkView) picks it; a click on the empty canvas lets it go.
    deps.area.container.addEventListener(LINK_PICK_EVENT, (event) => void this.pickLink((event as CustomEvent<string>).detail))
    deps.area.addPipe((context) => {
      if (context.type === 'pointerdown' && context.data.event.target === deps.area.container) void this.pickLink(undefined)
      if (context.type === 'nodepicked') void this.pickLink(undefined)
      return context
    })
  }

  /** Ids of the selected nodes. */
  selectedIds(): string[] {
    return this.deps.editor.getNodes().filter((n) => n.selected).map((n) => n.id)
  }

  /** The wire picked for deletion, if any. */
  get pickedLink(): string | undefined {
    return this.picked
  }

  async selectAll(): Promise<void> {
    for (const node of this.deps.editor.getNodes()) await this.deps.selection.select(node.id, true)
  }

  private async pickLink(id: string | undefined): Promise<void> {
    if (id === this.picked) return
    const { editor, area } = this.deps
    for (const which of [this.picked, id]) {
      const link = which ? editor.getConnection(which) : undefined
      if (!link) continue
      link.picked = which === id
      await area.update('connection', link.id)
    }
    this.picked = id
  }

  /** Deletes the picked wire, or else every selected node with its wires. True when something went. */
  async removeSelection(): Promise<boolean> {
    const { editor } = this.deps
    if (this.picked && editor.getConnection(this.picked)) {
      await editor.removeConnection(this.picked)
      this.picked = undefined
      return true
    }
    const ids = new Set(this.selectedIds())
    for (const c of editor.getConnections()) if (ids.has(c.source) || ids.has(c.target)) await editor.removeConnection(c.id)
    for (const id of ids) await editor.removeNode(id)
    return ids.size > 0
  }

  /** Links an output to an input (refused with a message by the connection guard when the types differ). */
  async connect(source: string, sourceOutput: string, target: string, targetInput: string): Promise<void> {
    const id = `${source}.${sourceOutput}->${target}.${targetInput}`
    await this.deps.editor.addConnection({ id, source, sourceOutput, target, targetInput } as Link)
  }

  /** Adds a placed fragment (fresh ids, positions set) and selects just the added nodes. */
  async addFragment(fragment: GraphFragment): Promise<void> {
    const { editor, area, selection } = this.deps
    await selection.unselectAll()
    for (const file of fragment.nodes) {
      const { x, y, ...uiExtra } = file.ui ?? {}
      const model: ModelNode = {
        id: file.id,
        type: file.type,
        typeVersion: file.typeVersion,
        ...(file.label !== undefined ? { label: file.label } : {}),
        params: structuredClone(file.params ?? {}),
        position: { x: Number(x) || 0, y: Number(y) || 0 },
        uiExtra,
      }
      const node = new InspectNode(this.deps.entryFor(model), model)
      await editor.addNode(node)
      await area.translate(node.id, model.position)
    }
    for (const e of fragment.edges) {
      const link = { id: `${e.from.node}.${e.from.port}->${e.to.node}.${e.to.port}`, source: e.from.node, sourceOutput: e.from.port, target: e.to.node, targetInput: e.to.port }
      await editor.addConnection(link as Link)
    }
    for (const node of fragment.nodes) await selection.select(node.id, true)
  }
}
