/** Edit distance (insert, delete, substitute) between two short strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitute = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min(substitute, (previous[j] as number) + 1, (current[j - 1] as number) + 1))
    }
    previous = current
  }
  return previous[b.length] as number
}

/** Longest prefix of a misspelt name that suggestions look at; node types and params are far shorter. */
export const MAX_COMPARED_LENGTH = 128

/**
 * Names close to a misspelt one, nearest first, for "did you mean" hints: within a third of the
 * name's length in edits (at least 2), or sharing its dotted prefix.
 */
export function closestNames(misspelt: string, candidates: readonly string[], limit = 3): string[] {
  // edit distance costs length x length: a 2 MB "name" took seconds of the event loop per candidate
  // list, and no real name is that long, so only its start takes part
  const name = misspelt.slice(0, MAX_COMPARED_LENGTH)
  const budget = Math.max(2, Math.floor(name.length / 3))
  const prefix = name.includes('.') ? name.slice(0, name.indexOf('.') + 1) : undefined
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter(({ candidate, distance }) => distance <= budget || (prefix && candidate.startsWith(prefix)))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate)
}
