/** One `--grid NAME=v1,v2,...` axis as typed on the command line or in a preset. */
export interface GridAxis {
  /** A graph param (`k`) or a node's param (`score.k`). */
  name: string
  /** The values in the order given; strings from a command line, JSON values from a preset. */
  values: unknown[]
}

/**
 * Parses `NAME=v1,v2,...`. A value list that starts with `[` is read as a JSON array, for values that
 * hold commas themselves (`finetune.trainableStages=[["layer3"],["layer2","layer3"]]`).
 */
export function parseGridArg(text: string): GridAxis {
  const at = text.indexOf('=')
  if (at <= 0) throw new Error(`--grid expects NAME=v1,v2,..., got "${text}"`)
  const name = text.slice(0, at).trim()
  const list = text.slice(at + 1).trim()
  const values = list.startsWith('[') ? parseJsonList(name, list) : list.split(',').map((value) => value.trim())
  if (values.length === 0 || values.some((value) => value === '')) {
    throw new Error(`--grid ${name}: expected a comma-separated list of values, got "${list}"`)
  }
  return { name, values }
}

function parseJsonList(name: string, list: string): unknown[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(list)
  } catch (error) {
    throw new Error(`--grid ${name}: a list starting with "[" must be a JSON array (${(error as Error).message})`)
  }
  if (!Array.isArray(parsed)) throw new Error(`--grid ${name}: expected a JSON array of values`)
  return parsed
}

/**
 * Every combination of the axes' values, the last axis varying fastest (as nested loops written in the
 * order given), each as `{ name: value }`. No axes: one empty combination (a single run).
 */
export function gridCombinations<T>(axes: readonly { name: string; values: readonly T[] }[]): Record<string, T>[] {
  let combinations: Record<string, T>[] = [{}]
  for (const axis of axes) {
    combinations = combinations.flatMap((partial) => axis.values.map((value) => ({ ...partial, [axis.name]: value })))
  }
  return combinations
}

/** `k=3, score.alpha=1`: how a run of the sweep is named in progress lines and the comparison. */
export function combinationLabel(combination: Record<string, unknown>): string {
  const entries = Object.entries(combination)
  if (entries.length === 0) return '(defaults)'
  return entries.map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`).join(', ')
}
