import type { NodeCatalogEntry } from '@inspectflow/graph-schema'
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react'

import type { SocketRef } from '../editor/connection-guard'
import { createEditor } from '../editor/create-editor'
import type { EditorHandle } from '../editor/editor-handle'
import { InspectNode } from '../editor/inspect-node'
import { emptyModel, freshNodeId } from '../graph-adapter'
import { defaultParams, entryForNode } from './catalog-lookup'

interface CanvasOptions {
  catalog: NodeCatalogEntry[] | undefined
  onChange: () => void
  onRefuse: (reason: string) => void
  onWireDropped?: (end: SocketRef) => void
}

/**
 * Creates the Rete canvas once the catalog is known and tracks the selection and a change counter
 * (bumped on every graph change, so panels that read the canvas redraw).
 */
export function useCanvas(container: RefObject<HTMLDivElement | null>, options: CanvasOptions) {
  const [handle, setHandle] = useState<EditorHandle>()
  const [selectedId, setSelectedId] = useState<string>()
  const [version, setVersion] = useState(0)
  const [zoom, setZoom] = useState(1)
  const callbacks = useRef(options)
  callbacks.current = options
  const handleRef = useRef<EditorHandle>(undefined)

  const makeNode = useCallback((entry: NodeCatalogEntry) => {
    const taken = handleRef.current?.nodes().map((n) => n.id) ?? []
    return new InspectNode(entry, { id: freshNodeId(entry.type, taken), params: defaultParams(entry.params), uiExtra: {} })
  }, [])

  useEffect(() => {
    const element = container.current
    const catalog = options.catalog
    if (!element || !catalog) return
    let disposed = false
    let created: EditorHandle | undefined
    void createEditor(element, {
      catalog,
      // A pasted node of a type this runtime lacks still shows, with the ports its links name.
      entryFor: (node) => entryForNode(catalog, node, emptyModel()),
      makeNode,
      onRefuse: (reason) => callbacks.current.onRefuse(reason),
      onWireDropped: (end) => callbacks.current.onWireDropped?.(end),
      onChange: () => {
        setVersion((v) => v + 1)
        callbacks.current.onChange()
      },
      onMove: () => callbacks.current.onChange(),
      onSelect: setSelectedId,
      onZoom: setZoom,
    }).then((h) => {
      created = h
      if (disposed) return h.destroy()
      handleRef.current = h
      setHandle(h)
    })
    return () => {
      disposed = true
      created?.destroy()
    }
  }, [container, options.catalog, makeNode])

  return { handle, selectedId, setSelectedId, version, zoom, bump: () => setVersion((v) => v + 1), makeNode }
}
