import type { GraphFile, NodeCatalogEntry } from '@inspectflow/graph-schema'
import { useCallback, useEffect, useRef, useState } from 'react'

import { api, ApiError } from '../api/api-client'
import type { GraphListEntry } from '../api/api-types'
import type { EditorHandle } from '../editor/editor-handle'
import { emptyModel, type GraphMeta, graphFileToModel, modelToGraphFile } from '../graph-adapter'
import { entryForNode } from './catalog-lookup'
import { downloadJson, pickJsonFile } from './file-io'
import { copyName, graphNameProblem, GRAPH_NAME_RULE } from './graph-names'
import { deleteSavedGraph, renameSavedGraph } from './saved-graphs'

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

/**
 * A file as the server reads it: migrated to the current schemaVersion and checked. A file that cannot
 * be read at all (a newer schemaVersion, no schemaVersion, broken structure) is refused with the
 * server's reason, so it is never shown and never saved back in an older form.
 */
async function migratedFile(raw: unknown, what: string): Promise<GraphFile> {
  const checked = await api.validate(raw)
  if (checked.graph) return checked.graph
  const reason = checked.problems.map((p) => p.message).join('; ') || 'the server could not read it'
  throw new Error(`Cannot open ${what}: ${reason}`)
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
    async (raw: unknown, name: string | undefined, template: boolean) => {
      if (!handle || !catalog) return
      const file = await migratedFile(raw, name ? `"${name}"` : 'this file')
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

  /** Asks for a name until it is one the server takes; undefined when the person cancels. */
  const askName = async (suggested: string, why?: string): Promise<string | undefined> => {
    const templates = new Set((await api.listGraphs()).filter((g) => g.template).map((g) => g.name))
    let reason = why
    let answer = suggested
    for (;;) {
      const name = window.prompt(`${reason ? `${reason}\n` : ''}Save graph as (${GRAPH_NAME_RULE}):`, answer)?.trim()
      if (!name) return undefined
      reason = graphNameProblem(name, templates)
      if (!reason) return name
      answer = templates.has(name) ? copyName(name, templates) : name
    }
  }

  const saveAs = useCallback(
    async (suggested?: string, why?: string) => {
      const name = await askName(suggested ?? (docRef.current.meta.name || 'untitled'), why)
      if (!name) return
      const graph = { ...currentFile(), name: docRef.current.meta.name || name }
      try {
        const result = await api.saveGraph(name, graph, false)
        finishSave(name, result.problems.length)
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 409) throw error
        // A template added on the server since the list was read: ask again rather than fail.
        if (error.code === 'template_read_only') return saveAs(`${name}-copy`, `"${name}" is a read-only template.`)
        if (!window.confirm(`A graph named "${name}" exists. Replace it?`)) return
        finishSave(name, (await api.saveGraph(name, graph, true)).problems.length)
      }
    },
    [currentFile],
  )

  function finishSave(name: string, problems: number) {
    setDoc((d) => ({ ...d, name, template: false, dirty: false }))
    setUrlGraph(name)
    notify(problems ? 'error' : 'info', problems ? `Saved "${name}" with ${problems} problem(s): see Problems.` : `Saved "${name}".`)
    void refreshList()
  }

  const save = useCallback(async () => {
    const { name, template } = docRef.current
    if (!name) return saveAs()
    if (template) return saveAs(copyName(name, new Set([name])), `"${name}" is a read-only template: save your changes as a copy.`)
    finishSave(name, (await api.saveGraph(name, currentFile(), true)).problems.length)
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
      await loadFile(file, undefined, false)
      // An imported graph exists nowhere on the server until it is saved.
      setDoc((d) => ({ ...d, dirty: true }))
    },
    exportFile: () => downloadJson(`${docRef.current.name ?? (docRef.current.meta.name || 'graph')}.json`, currentFile()),
    markDirty: () => setDoc((d) => (d.dirty ? d : { ...d, dirty: true })),
    setMeta: (meta: GraphMeta | ((latest: GraphMeta) => GraphMeta)) => setDoc((d) => ({ ...d, meta: typeof meta === 'function' ? meta(d.meta) : meta, dirty: true })),
    refreshList,
    currentFile,
    renameSaved: async (name: string) => {
      const renamed = await renameSavedGraph(name)
      if (!renamed) return
      // The open graph was that file: it now lives under the new name.
      if (docRef.current.name === name) {
        setDoc((d) => ({ ...d, name: renamed }))
        setUrlGraph(renamed)
      }
      notify('info', `Renamed "${name}" to "${renamed}".`)
      await refreshList()
    },
    deleteSaved: async (name: string) => {
      if (!(await deleteSavedGraph(name))) return
      // The open graph keeps its content but is no longer saved anywhere.
      if (docRef.current.name === name) {
        setDoc((d) => ({ meta: d.meta, template: false, dirty: true }))
        setUrlGraph(undefined)
      }
      notify('info', `Deleted "${name}".`)
      await refreshList()
    },
  }

  useInitialGraph(handle, catalog, open, loadFile, notify)
  useUnloadGuard(doc.dirty)
  return { doc, graphs, loaded, ...actions }
}

function useInitialGraph(
  handle: EditorHandle | undefined,
  catalog: NodeCatalogEntry[] | undefined,
  open: (name: string) => Promise<void>,
  loadFile: (file: unknown, name: string | undefined, template: boolean) => Promise<void>,
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
    })().catch(async (error: unknown) => {
      notify('error', error instanceof Error ? error.message : String(error))
      // The requested graph could not be opened: start with an empty one rather than a dead canvas.
      await loadFile(modelToGraphFile(emptyModel()), undefined, false).catch(() => undefined)
    })
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
