import type { GraphFile, GraphProblem } from '@inspectflow/graph-schema'
import { useCallback, useEffect, useRef, useState } from 'react'

import { api } from '../api/api-client'
import type { EditorHandle } from '../editor/editor-handle'

/** How long the graph must stay unchanged before it is checked: one check per burst of typing. */
const DEBOUNCE_MS = 350

/** A problem of the open graph as the editor lists it. */
export type EditorProblem = Pick<GraphProblem, 'message' | 'nodeId' | 'path'>

/** A graph with no node runs nothing: known at once, before the server's check (which says so too) answers. */
export function editorOnlyProblems(file: GraphFile): EditorProblem[] {
  return file.nodes.length === 0 ? [{ message: 'the graph has no nodes: add one from the palette', path: '/nodes' }] : []
}

/** Shows each node's problems on the node (red outline and the first message). */
export function markNodes(handle: EditorHandle, problems: EditorProblem[]): void {
  for (const node of handle.nodes()) {
    const mine = problems.filter((p) => p.nodeId === node.id).map((p) => p.message)
    if (mine.join('\n') === node.problems.join('\n')) continue
    node.problems = mine
    handle.setStatus(node.id, node.status)
  }
}

interface ValidationOptions {
  handle: EditorHandle | undefined
  /** Reads the graph as it would be saved; throws while the canvas is not ready. */
  currentFile: () => GraphFile
  /** Changes whenever the graph may have changed (canvas edits, graph params, a load). */
  changeKey: unknown
}

/**
 * Checks the open graph with the server's validate route after every change (debounced), marks the
 * nodes with their problems and keeps the list for the problems panel and the Run button.
 */
export function useValidation({ handle, currentFile, changeKey }: ValidationOptions) {
  const [problems, setProblems] = useState<EditorProblem[]>([])
  const [checking, setChecking] = useState(false)
  const latest = useRef(0)

  const show = useCallback(
    (list: EditorProblem[]) => {
      setProblems(list)
      if (handle) markNodes(handle, list)
    },
    [handle],
  )

  useEffect(() => {
    if (!handle) return
    const ticket = ++latest.current
    setChecking(true)
    const timer = setTimeout(() => {
      const file = currentFile()
      api.validate(file).then(
        (answer) => ticket === latest.current && show(answer.problems.length > 0 ? answer.problems : editorOnlyProblems(file)),
        (error: unknown) => ticket === latest.current && show([{ message: `the graph could not be checked: ${error instanceof Error ? error.message : String(error)}`, path: '' }]),
      ).finally(() => ticket === latest.current && setChecking(false))
    }, DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [handle, currentFile, changeKey, show])

  return { problems, checking, show }
}
