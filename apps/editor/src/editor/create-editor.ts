import type { NodeCatalogEntry } from '@inspectflow/graph-schema'
import { createRoot } from 'react-dom/client'
import { NodeEditor } from 'rete'
import { AreaExtensions, AreaPlugin } from 'rete-area-plugin'
import { AutoArrangePlugin, Presets as ArrangePresets } from 'rete-auto-arrange-plugin'
import { ClassicFlow, ConnectionPlugin } from 'rete-connection-plugin'
import { ContextMenuPlugin, Presets as ContextMenuPresets } from 'rete-context-menu-plugin'
import { HistoryPlugin, Presets as HistoryPresets } from 'rete-history-plugin'
import { MinimapPlugin } from 'rete-minimap-plugin'
import { Presets as ReactPresets, ReactPlugin } from 'rete-react-plugin'

import type { ModelNode } from '../graph-adapter'
import { installConnectionGuard, refusalReason, type RefusalHandler, type SocketRef } from './connection-guard'
import { EditorHandle, type EditorEvents } from './editor-handle'
import type { InspectNode } from './inspect-node'
import { LinkView } from './LinkView'
import { NodeView } from './NodeView'
import type { AreaExtra, Schemes } from './schemes'
import { SocketView } from './SocketView'

/** What the canvas needs from the app: the catalog for the context menu and the event callbacks. */
export interface CreateEditorOptions extends EditorEvents {
  catalog: NodeCatalogEntry[]
  /** The catalog entry for a node read from a file or the clipboard. */
  entryFor: (node: ModelNode) => NodeCatalogEntry
  /** Builds a node of a catalog type with a fresh id (the app owns id allocation). */
  makeNode: (entry: NodeCatalogEntry) => InspectNode
  onRefuse: RefusalHandler
  /** A wire was let go on the empty canvas (to offer the nodes that could take it). */
  onWireDropped?: (end: SocketRef) => void
}

type History = HistoryPlugin<Schemes>

function contextMenuItems(options: CreateEditorOptions) {
  const byCategory = new Map<string, NodeCatalogEntry[]>()
  for (const entry of options.catalog) byCategory.set(entry.category, [...(byCategory.get(entry.category) ?? []), entry])
  return [...byCategory].map(
    ([category, entries]) =>
      [category, entries.map((entry) => [entry.title, () => options.makeNode(entry)] as [string, () => InspectNode])] as [
        string,
        [string, () => InspectNode][],
      ],
  )
}

function setupRender(area: AreaPlugin<Schemes, AreaExtra>): ReactPlugin<Schemes, AreaExtra> {
  const render = new ReactPlugin<Schemes, AreaExtra>({ createRoot })
  render.addPreset(
    ReactPresets.classic.setup({
      customize: { node: () => NodeView, socket: () => SocketView, connection: () => LinkView },
    }),
  )
  render.addPreset(ReactPresets.contextMenu.setup())
  render.addPreset(ReactPresets.minimap.setup({ size: 140 }))
  area.use(render)
  return render
}

function setupConnections(editor: NodeEditor<Schemes>, area: AreaPlugin<Schemes, AreaExtra>, options: CreateEditorOptions) {
  const { onRefuse } = options
  const connection = new ConnectionPlugin<Schemes, AreaExtra>()
  connection.addPipe((context) => {
    // Let go over no socket: n8n and ComfyUI then offer the nodes that can take the wire.
    if (context.type === 'connectiondrop' && !context.data.socket && !context.data.created) {
      const { nodeId, side, key } = context.data.initial
      options.onWireDropped?.({ nodeId, side, key })
    }
    return context
  })
  // The check runs before the classic flow drops the old link of a single input, so a refused
  // drag leaves the existing link in place; a compatible one replaces it.
  connection.addPreset(
    () =>
      new ClassicFlow({
        canMakeConnection(from, to) {
          const reason = refusalReason(editor, from, to)
          // Same-side events are the press and release of click-to-connect: keep the wire picked.
          if (reason && from.side !== to.side) {
            onRefuse(reason)
            // Let go of the dangling wire once the flow has finished handling this release.
            setTimeout(() => connection.drop())
          }
          return !reason
        },
      }),
  )
  area.use(connection)
}

function setupHistory(area: AreaPlugin<Schemes, AreaExtra>): History {
  const history = new HistoryPlugin<Schemes>()
  history.addPreset(HistoryPresets.classic.setup())
  // No HistoryExtensions.keyboard: it undoes on Ctrl+Shift+Z; the app's shortcuts handle undo and redo.
  area.use(history)
  return history
}

/**
 * Builds the Rete canvas inside `container` with the React renderer, area, connection, context-menu,
 * history, minimap and auto-arrange plugins, and returns a handle the React app drives it through.
 */
export async function createEditor(container: HTMLElement, options: CreateEditorOptions): Promise<EditorHandle> {
  const editor = new NodeEditor<Schemes>()
  const area = new AreaPlugin<Schemes, AreaExtra>(container)
  installConnectionGuard(editor, options.onRefuse)
  editor.use(area)
  const selector = AreaExtensions.selector()
  const selectable = AreaExtensions.selectableNodes(area, selector, { accumulating: AreaExtensions.accumulateOnCtrl() })
  const selection = { select: selectable.select, unselectAll: () => selector.unselectAll() }
  AreaExtensions.simpleNodesOrder(area)
  setupRender(area)
  setupConnections(editor, area, options)
  const contextMenu = new ContextMenuPlugin<Schemes>({ items: ContextMenuPresets.classic.setup(contextMenuItems(options)) })
  area.use(contextMenu)
  area.use(new MinimapPlugin<Schemes>())
  const arrange = new AutoArrangePlugin<Schemes>()
  arrange.addPreset(ArrangePresets.classic.setup())
  area.use(arrange)
  const history = setupHistory(area)
  return new EditorHandle({ editor, area, history, arrange, selection }, options)
}
