import type { GraphFile, GraphProblem, NodeCatalogEntry } from '@inspectflow/graph-schema'
import { useCallback, useEffect, useRef, useState } from 'react'

import { api, ApiError } from '../api/api-client'
import type { GraphListEntry } from '../api/api-types'
import type { EditorHandle } from '../editor/editor-handle'
import { emptyModel, type GraphMeta, graphFileToModel, modelToGraphFile } from '../graph-adapter'
import { entryForNode } from './catalog-lookup'
import { downloadJson, pickJsonFile } from './file-io'

/** The open graph: its graph-level fields, where it is saved and whether it has unsaved changes. */
export interface DocumentState {
  meta: GraphMeta
  /** Server name it was opened from or saved as; undefined for a new or imported graph. */
  name?: string
  template: boolean
  dirty: boolean
}

const DISCARD = 'The graph has unsaved changes. Discard them?'

function setUrlGraph(name: string | undefined): void {
  const url = new URL(window.location.href)
  if (name) url.searchParams.set('graph', name)
  else url.searchParams.delete('graph')
  window.history.replaceState(null, '', url)
}

function attachProblems(handle: EditorHandle, problems: GraphProblem[]): void {
  for (const node of handle.nodes()) {
    node.problems = problems.filter((p) => p.nodeId === node.id).map((p) => p.message)
    handle.setStatus(node.id, node.status)
  }
}

interface DocumentOptions {
  handle: EditorHandle | undefined
  catalog: NodeCatalogEntry[] | undefined
  notify: (kind: 'error' | 'info', text: string) => void
  /** Called after a graph replaced the canvas. */
  onLoaded: () => void
}

/** File operations of the editor: new, open, save, save as, import, export, and the unsaved-change guard. */
export function useDocument({ handle, catalog, notify, onLoaded }: DocumentOptions) {
  const [doc, setDoc] = useState<DocumentState>({ meta: emptyModel().meta, template: false, dirty: false })
  const [graphs, setGraphs] = useState<GraphListEntry[]>([])
  const [loaded, setLoaded] = useState(false)
  const docRef = useRef(doc)
  docRef.current = doc

  const confirmDiscard = () => !docRef.current.dirty || window.confirm(DISCARD)
  const refreshList = useCallback(async () => setGraphs(await api.listGraphs()), [])

  const loadFile = useCallback(
    async (file: GraphFile, name: string | undefined, template: boolean) => {
      if (!handle || !catalog) return
      const model = graphFileToModel(file)
      await handle.load(model, (node) => entryForNode(catalog, node, model))
      // A file written by hand or by another tool may carry no layout: lay it out once on open.
      if (file.nodes.length > 1 && !file.nodes.some((n) => typeof n.ui?.x === 'number')) await handle.arrange()
      setDoc({ meta: model.meta, ...(name ? { name } : {}), template, dirty: false })
      setUrlGraph(name)
      setLoaded(true)
      onLoaded()
    },
    [handle, catalog, onLoaded],
  )

  const currentFile = useCallback((): GraphFile => {
    if (!handle) throw new Error('the canvas is not ready yet')
    return modelToGraphFile(handle.read(docRef.current.meta))
  }, [handle])

  const open = useCallback(
    async (name: string) => {
      const list = await api.listGraphs()
      setGraphs(list)
      await loadFile(await api.getGraph(name), name, list.find((g) => g.name === name)?.template ?? false)
    },
    [loadFile],
  )

  const saveAs = useCallback(
    async (suggested?: string) => {
      const name = window.prompt('Save graph as (letters, digits, - and _):', suggested ?? docRef.current.meta.name)
      if (!name) return
      const graph = { ...currentFile(), name: docRef.current.meta.name || name }
      try {
        const result = await api.saveGraph(name, graph, false)
        finishSave(name, result.problems)
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 409) throw error
        if (!window.confirm(`A graph named "${name}" exists. Replace it?`)) return
        finishSave(name, (await api.saveGraph(name, graph, true)).problems)
      }
    },
    [currentFile],
  )

  function finishSave(name: string, problems: GraphProblem[]) {
    setDoc((d) => ({ ...d, name, template: false, dirty: false }))
    setUrlGraph(name)
    if (handle) attachProblems(handle, problems)
    notify(problems.length ? 'error' : 'info', problems.length ? `Saved "${name}" with ${problems.length} problem(s): ${problems[0]?.message}` : `Saved "${name}".`)
    void refreshList()
  }

  const save = useCallback(async () => {
    const { name, template } = docRef.current
    if (!name || template) return saveAs(template ? `${name}-copy` : undefined)
    finishSave(name, (await api.saveGraph(name, currentFile(), true)).problems)
  }, [currentFile, saveAs])

  const actions = {
    newGraph: async () => confirmDiscard() && (await loadFile(modelToGraphFile(emptyModel()), undefined, false)),
    open: async (name: string) => confirmDiscard() && (await open(name)),
    save,
    saveAs: () => saveAs(),
    importFile: async () => {
      if (!confirmDiscard()) return
      const file = await pickJsonFile()
      if (!file) return
      await loadFile(file as GraphFile, undefined, false)
      // An imported graph exists nowhere on the server until it is saved.
      setDoc((d) => ({ ...d, dirty: true }))
    },
    exportFile: () => downloadJson(`${docRef.current.name ?? (docRef.current.meta.name || 'graph')}.json`, currentFile()),
    markDirty: () => setDoc((d) => (d.dirty ? d : { ...d, dirty: true })),
    setMeta: (meta: GraphMeta) => setDoc((d) => ({ ...d, meta, dirty: true })),
    refreshList,
    currentFile,
  }

  useInitialGraph(handle, catalog, open, loadFile, notify)
  useUnloadGuard(doc.dirty)
  return { doc, graphs, loaded, ...actions }
}

function useInitialGraph(
  handle: EditorHandle | undefined,
  catalog: NodeCatalogEntry[] | undefined,
  open: (name: string) => Promise<void>,
  loadFile: (file: GraphFile, name: string | undefined, template: boolean) => Promise<void>,
  notify: (kind: 'error' | 'info', text: string) => void,
) {
  const started = useRef(false)
  useEffect(() => {
    if (!handle || !catalog || started.current) return
    started.current = true
    const requested = new URL(window.location.href).searchParams.get('graph')
    void (async () => {
      const list = await api.listGraphs()
      const name = requested ?? (list.some((g) => g.name === 'demo') ? 'demo' : undefined)
      if (name) await open(name)
      else await loadFile(modelToGraphFile(emptyModel()), undefined, false)
    })().catch((error: unknown) => notify('error', error instanceof Error ? error.message : String(error)))
  }, [handle, catalog, open, loadFile, notify])
}

function useUnloadGuard(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return
    const guard = (event: BeforeUnloadEvent) => event.preventDefault()
    window.addEventListener('beforeunload', guard)
    return () => window.removeEventListener('beforeunload', guard)
  }, [dirty])
}
