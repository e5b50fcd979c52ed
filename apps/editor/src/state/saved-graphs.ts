import { api } from '../api/api-client'
import { GRAPH_NAME_RULE, graphNameProblem } from './graph-names'

/**
 * Renames a saved graph: asks for the new name (the server's rule, no template names), saves the
 * graph under it without overwriting anything, then deletes the old file. Returns the new name, or
 * undefined when the person cancelled.
 */
export async function renameSavedGraph(name: string): Promise<string | undefined> {
  const list = await api.listGraphs()
  const taken = new Set(list.map((g) => g.name))
  const templates = new Set(list.filter((g) => g.template).map((g) => g.name))
  let reason: string | undefined
  for (;;) {
    const answer = window.prompt(`${reason ? `${reason}\n` : ''}Rename "${name}" to (${GRAPH_NAME_RULE}):`, name)?.trim()
    if (!answer || answer === name) return undefined
    reason = graphNameProblem(answer, templates) ?? (taken.has(answer) ? `"${answer}" exists already: choose another name.` : undefined)
    if (reason) continue
    await api.saveGraph(answer, await api.getGraph(name), false)
    await api.deleteGraph(name)
    return answer
  }
}

/** Deletes a saved graph after the person confirms; true when it was deleted. */
export async function deleteSavedGraph(name: string): Promise<boolean> {
  if (!window.confirm(`Delete the saved graph "${name}"? This cannot be undone.`)) return false
  await api.deleteGraph(name)
  return true
}
