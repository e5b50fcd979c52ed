import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'

import { type ExecutionPlan, type GraphProblem, referencedGraphParams } from '@inspectflow/graph-schema'
import type { NodeRegistry } from '@inspectflow/nodes'

async function kindAt(path: string): Promise<'file' | 'folder' | undefined> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'file'
  } catch {
    return undefined
  }
}

/**
 * The files and folders the planned nodes will read (their `readsPaths`), checked on disk before
 * anything runs: a problem names the node, the param, the graph param that feeds it, and the path.
 * Relative paths resolve against `baseDir`, as a run resolves them.
 */
export async function checkPlanPaths(plan: ExecutionPlan, registry: NodeRegistry, baseDir: string): Promise<GraphProblem[]> {
  const problems: GraphProblem[] = []
  for (const node of plan.nodes) {
    const reads = registry.get(node.entry.type, node.entry.typeVersion)?.readsPaths?.(node.params) ?? []
    const at = plan.graph.nodes.indexOf(node.node)
    for (const read of reads) {
      const absolute = resolve(baseDir, read.path)
      const found = await kindAt(absolute)
      if (found === read.kind) continue
      const fedBy = referencedGraphParams(node.node.params?.[read.param])
      const source = fedBy.length > 0 ? ` (set by graph param ${fedBy.map((name) => `"${name}": --set ${name}=...`).join(', ')})` : ''
      problems.push({
        code: 'path_not_found',
        nodeId: node.id,
        path: `/nodes/${at}/params/${read.param}`,
        expected: `an existing ${read.kind}`,
        found: found ? `a ${found} at ${absolute}` : `nothing at ${absolute}`,
        message: `node "${node.id}" param "${read.param}"${source}: ${read.path} is not an existing ${read.kind}`,
      })
    }
  }
  return problems
}
