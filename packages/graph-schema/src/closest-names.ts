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

/**
 * Names close to a misspelt one, nearest first, for "did you mean" hints: within a third of the
 * name's length in edits (at least 2), or sharing its dotted prefix.
 */
export function closestNames(name: string, candidates: readonly string[], limit = 3): string[] {
  const budget = Math.max(2, Math.floor(name.length / 3))
  const prefix = name.includes('.') ? name.slice(0, name.indexOf('.') + 1) : undefined
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter(({ candidate, distance }) => distance <= budget || (prefix && candidate.startsWith(prefix)))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate)
}
