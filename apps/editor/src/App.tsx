import type { GraphFile, GraphProblem, NodeCatalogEntry } from '@inspectflow/graph-schema'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'

import { api } from './api/api-client'
import { BottomPanel } from './components/BottomPanel'
import { CanvasArea } from './components/CanvasArea'
import { graphParamPathKinds } from './components/graph-param-paths'
import { PALETTE_DRAG_TYPE, Palette } from './components/Palette'
import { SidePanel } from './components/SidePanel'
import { TemplateGallery } from './components/TemplateGallery'
import { Toasts } from './components/Toast'
import { Toolbar } from './components/Toolbar'
import type { SocketRef } from './editor/connection-guard'
import { useQuickAdd } from './state/use-quick-add'
import { useCanvas } from './state/use-canvas'
import { type DocumentState, useDocument } from './state/use-document'
import { useRun } from './state/use-run'
import { useToasts } from './state/use-toasts'
import { useClipboard } from './state/use-clipboard'
import { useShortcuts } from './state/use-shortcuts'
import { type EditorProblem, editorOnlyProblems, useValidation } from './state/use-validation'

function useCatalog(notify: (kind: 'error', text: string) => void) {
  const [catalog, setCatalog] = useState<NodeCatalogEntry[]>()
  useEffect(() => {
    api.catalog().then(
      (c) => setCatalog(c.nodes),
      (error: unknown) => notify('error', `Cannot reach the runtime: ${String(error)}`),
    )
  }, [notify])
  return catalog
}

/** The title bar text: the graph's name, where it is saved, and whether it is a template. */
function docTitle(doc: DocumentState): string {
  return `${doc.meta.name || 'untitled'}${doc.name ? ` — ${doc.name}` : ''}${doc.template ? ' (template)' : ''}`
}

/** The editor shell: toolbar, palette, canvas, side panel (inspector or graph) and bottom panel (log, results). */
export function App() {
  const { toasts, push } = useToasts()
  const catalog = useCatalog(push)
  const container = useRef<HTMLDivElement>(null)
  const [epoch, setEpoch] = useState(0)
  const [galleryOpen, setGalleryOpen] = useState(false)
  const markDirty = useRef<() => void>(() => {})
  const wireDropped = useRef<(end: SocketRef) => void>(() => {})
  const canvas = useCanvas(container, {
    catalog,
    onChange: () => markDirty.current(),
    onRefuse: (why) => push('error', why),
    onWireDropped: (end) => wireDropped.current(end),
  })
  const { handle } = canvas
  const refused = useRef<(problems: EditorProblem[]) => void>(() => {})
  const onRefused = useCallback((problems: GraphProblem[]) => refused.current(problems), [])
  const runState = useRun(handle, push, onRefused)
  const clearRun = runState.clear
  const onLoaded = useCallback(() => {
    setEpoch((e) => e + 1)
    clearRun()
  }, [clearRun])
  const document = useDocument({ handle, catalog, notify: push, onLoaded })
  markDirty.current = document.markDirty
  const clipboard = useClipboard(handle, document.currentFile)
  const quickAdd = useQuickAdd(handle, canvas.makeNode, container)
  wireDropped.current = quickAdd.onWireDropped
  const [showProblems, setShowProblems] = useState(0)
  // A new key whenever the graph may have changed: an edit on the canvas, a load, the graph's own fields.
  const changeKey = useMemo(() => ({}), [canvas.version, epoch, document.doc.meta])
  const validation = useValidation({ handle, currentFile: document.currentFile, changeKey })
  refused.current = (problems) => {
    validation.show(problems)
    setShowProblems((n) => n + 1)
  }
  const runBlocked = validation.problems.length
    ? `Cannot run: ${validation.problems.length} problem(s), first: ${validation.problems[0]?.message}`
    : undefined
  const pickProblem = (nodeId: string) => void handle?.select(nodeId)
  const runChecked = (file: GraphFile, targets?: string[]) => {
    // an empty graph is refused at once, without waiting for the server's check to say the same
    const local = editorOnlyProblems(file)
    if (local.length) refused.current(local)
    else return runState.start(file, targets)
  }
  const guard = (action: () => Promise<unknown> | unknown) => () => {
    void Promise.resolve()
      .then(action)
      .catch((error: unknown) => push('error', error instanceof Error ? error.message : String(error)))
  }
  const undoRedo = (which: 'undo' | 'redo') =>
    guard(async () => {
      await handle?.[which]()
      setEpoch((e) => e + 1)
    })
  useShortcuts({
    save: guard(document.save),
    remove: guard(() => handle?.edits.removeSelection()),
    undo: undoRedo('undo'),
    redo: undoRedo('redo'),
    zoomIn: guard(() => handle?.view.zoomBy(1.2)),
    zoomOut: guard(() => handle?.view.zoomBy(1 / 1.2)),
    fit: guard(() => handle?.view.fit()),
    selectAll: guard(() => handle?.edits.selectAll()),
    duplicate: guard(clipboard.duplicate),
    run: guard(() => !runBlocked && !runState.running && runChecked(document.currentFile())),
  })

  const onDrop = (event: React.DragEvent) => {
    const type = event.dataTransfer.getData(PALETTE_DRAG_TYPE)
    const entry = catalog?.find((e) => e.type === type)
    if (!entry || !handle) return
    event.preventDefault()
    void handle.addAtClient(canvas.makeNode(entry), event.clientX, event.clientY)
  }

  return (
    <div className="app" data-testid="app" data-loaded={document.loaded}>
      <Toolbar
        title={docTitle(document.doc)}
        dirty={document.doc.dirty}
        running={runState.running}
        runBlocked={runBlocked}
        problemCount={validation.problems.length}
        onShowProblems={() => setShowProblems((n) => n + 1)}
        onNew={guard(document.newGraph)}
        onOpen={guard(async () => {
          await document.refreshList()
          setGalleryOpen(true)
        })}
        onSave={guard(document.save)}
        onSaveAs={guard(document.saveAs)}
        onImport={guard(document.importFile)}
        onExport={guard(document.exportFile)}
        onUndo={undoRedo('undo')}
        onRedo={undoRedo('redo')}
        onArrange={guard(() => handle?.arrange())}
        onRun={guard(() => runChecked(document.currentFile()))}
        onCancel={guard(runState.cancel)}
      />
      <main className="workspace">
        <Palette catalog={catalog ?? []} onAdd={(entry) => handle && void handle.add(canvas.makeNode(entry))} />
        <section className="center">
          <CanvasArea
            container={container}
            handle={handle}
            catalog={catalog}
            zoom={canvas.zoom}
            meta={document.doc.meta}
            onMeta={document.setMeta}
            quickAdd={quickAdd}
            onDrop={onDrop}
            guard={guard}
          />
          <Toasts toasts={toasts} />
          <BottomPanel
            run={runState.run}
            results={runState.results}
            resultsLoading={runState.resultsLoading}
            problems={validation.problems}
            checking={validation.checking}
            showProblems={showProblems}
            onPickProblem={pickProblem}
            onOpenRun={(runId) => guard(() => runState.open(runId))()}
          />
        </section>
        <SidePanel
          node={canvas.selectedId ? handle?.node(canvas.selectedId) : undefined}
          epoch={epoch}
          meta={document.doc.meta}
          onMeta={document.setMeta}
          onParams={(id, params) => handle?.setParams(id, params)}
          onLabel={(id, label) => handle?.setLabel(id, label)}
          {...(runBlocked || runState.running ? {} : { onRunTo: (id: string) => guard(() => runChecked(document.currentFile(), [id]))() })}
          {...(runBlocked ? { runBlocked } : {})}
          paramPaths={graphParamPathKinds(handle?.nodes() ?? [])}
        />
      </main>
      {galleryOpen && (
        <TemplateGallery
          graphs={document.graphs}
          onClose={() => setGalleryOpen(false)}
          onRename={(name) => guard(() => document.renameSaved(name))()}
          onDelete={(name) => guard(() => document.deleteSaved(name))()}
          onOpen={(name) => {
            setGalleryOpen(false)
            guard(() => document.open(name))()
          }}
        />
      )}
    </div>
  )
}
