/**
 * Deterministic subset selection for few-shot and quick runs. No randomness: the same list and count
 * always give the same subset, so a subset node's output depends on its params and input only.
 */

/** The first `count` items (all when `count` is 0 or at least the length). */
export function firstItems<T>(items: readonly T[], count: number): T[] {
  return count > 0 ? items.slice(0, count) : [...items]
}

/**
 * About `count` items keeping the share of every group (e.g. defect type): each group gets a quota
 * proportional to its size (largest remainders), at least one per group when `count` allows, and the
 * items of a group are taken evenly spaced so that a sorted list is sampled across its whole range.
 * Items keep their original order. `count` 0 or at least the length keeps everything.
 */
export function stratifiedSubset<T>(items: readonly T[], count: number, groupOf: (item: T) => string): T[] {
  if (count <= 0 || count >= items.length) return [...items]
  const groups = new Map<string, number[]>()
  items.forEach((item, index) => {
    const group = groupOf(item)
    groups.set(group, [...(groups.get(group) ?? []), index])
  })
  const quotas = allocate([...groups.values()].map((members) => members.length), count)
  const chosen = [...groups.values()].flatMap((members, g) => evenlySpaced(members, quotas[g] as number))
  return chosen.sort((a, b) => a - b).map((index) => items[index] as T)
}

/** Splits `count` over groups of the given sizes, proportionally, with at least one each if possible. */
export function allocate(sizes: readonly number[], count: number): number[] {
  const total = sizes.reduce((a, b) => a + b, 0)
  const minimum = count >= sizes.length ? 1 : 0
  const exact = sizes.map((size) => (size / total) * count)
  const quotas = exact.map((share, g) => Math.min(sizes[g] as number, Math.max(minimum, Math.floor(share))))
  let left = count - quotas.reduce((a, b) => a + b, 0)
  const byRemainder = exact.map((share, g) => ({ g, rest: share - Math.floor(share) })).sort((a, b) => b.rest - a.rest || a.g - b.g)
  while (left > 0) {
    const open = byRemainder.find(({ g }) => (quotas[g] as number) < (sizes[g] as number))
    if (!open) break
    quotas[open.g] = (quotas[open.g] as number) + 1
    left--
    byRemainder.push(byRemainder.splice(byRemainder.indexOf(open), 1)[0] as (typeof byRemainder)[number])
  }
  // the minimum of one per group may overshoot: take back from the largest quotas
  while (left < 0) {
    const largest = quotas.indexOf(Math.max(...quotas))
    quotas[largest] = (quotas[largest] as number) - 1
    left++
  }
  return quotas
}

function evenlySpaced(members: readonly number[], quota: number): number[] {
  if (quota >= members.length) return [...members]
  return Array.from({ length: quota }, (_, i) => members[Math.floor(((i + 0.5) * members.length) / quota)] as number)
}
