import type { Dependency } from '../topological-order'

/**
 * The cycles of a directed graph as strongly connected components (Tarjan): every component with
 * more than one node, or one node with an edge to itself. Each component lists its node ids in the
 * order of `nodeIds`, and components come in the order of their first node.
 */
export function findCycles(nodeIds: readonly string[], dependencies: readonly Dependency[]): string[][] {
  const successors = new Map<string, string[]>(nodeIds.map((id) => [id, []]))
  for (const { from, to } of dependencies) {
    if (successors.has(to)) successors.get(from)?.push(to)
  }
  const components = tarjan(nodeIds, successors)
  const position = new Map(nodeIds.map((id, i) => [id, i]))
  const byPosition = (a: string, b: string) => (position.get(a) ?? 0) - (position.get(b) ?? 0)
  return components
    .filter((c) => c.length > 1 || successors.get(c[0] as string)?.includes(c[0] as string))
    .map((c) => [...c].sort(byPosition))
    .sort((a, b) => byPosition(a[0] as string, b[0] as string))
}

function tarjan(nodeIds: readonly string[], successors: Map<string, string[]>): string[][] {
  const index = new Map<string, number>()
  const lowLink = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const components: string[][] = []
  const visit = (id: string): void => {
    index.set(id, index.size)
    lowLink.set(id, index.get(id) as number)
    stack.push(id)
    onStack.add(id)
    for (const next of successors.get(id) ?? []) {
      if (!index.has(next)) visit(next)
      if (onStack.has(next)) lowLink.set(id, Math.min(lowLink.get(id) as number, lowLink.get(next) as number))
    }
    if (lowLink.get(id) !== index.get(id)) return
    const component: string[] = []
    let member: string | undefined
    do {
      member = stack.pop() as string
      onStack.delete(member)
      component.push(member)
    } while (member !== id)
    components.push(component)
  }
  for (const id of nodeIds) if (!index.has(id)) visit(id)
  return components
}
