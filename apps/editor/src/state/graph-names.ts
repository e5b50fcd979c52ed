/**
 * The names a graph may be saved under, the same rule as the server's graph store
 * (apps/runtime/src/server/graph-store.ts GRAPH_NAME_PATTERN): asked before saving, so a person
 * gets the reason in the prompt instead of an error after it.
 */
export const GRAPH_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,80}$/

/** The rule in words, for the save prompt. */
export const GRAPH_NAME_RULE = '1-81 letters, digits, spaces, "_", "." or "-", starting with a letter or digit'

/** Why a name cannot be used, or undefined when it can. */
export function graphNameProblem(name: string, templates: ReadonlySet<string>): string | undefined {
  if (!GRAPH_NAME_PATTERN.test(name)) return `"${name}" is not a graph name: use ${GRAPH_NAME_RULE}.`
  if (templates.has(name)) return `"${name}" is a read-only template: save your copy under another name.`
  return undefined
}

/** A free name next to `name`: `demo` -> `demo-copy`, `demo-copy2`, ... (never a template). */
export function copyName(name: string, taken: ReadonlySet<string>): string {
  const base = `${name.replace(/[^A-Za-z0-9 _.-]/g, '').slice(0, 70) || 'graph'}-copy`
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`
}
