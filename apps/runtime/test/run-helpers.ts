import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { GraphFile, RunEvent } from '@inspectflow/graph-schema'
import { createEngines, type NodeRegistry } from '@inspectflow/nodes'

import { executeGraph } from '../src/executor/execute-graph'
import type { RunOptions, RunResult } from '../src/executor/run-options'

/** A temporary directory for one test's cache, artifacts and files. */
export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'if-exec-'))
}

/** Builds a schemaVersion 1 graph from nodes and `a.port->b.port` edge strings. */
export function graphOf(nodes: GraphFile['nodes'], edges: string[], outputs?: string[]): GraphFile {
  return {
    schemaVersion: 1,
    name: 'test graph',
    nodes,
    edges: edges.map((text) => {
      const [from, to] = text.split('->') as [string, string]
      const [fromNode, fromPort] = from.split('.') as [string, string]
      const [toNode, toPort] = to.split('.') as [string, string]
      return { from: { node: fromNode, port: fromPort }, to: { node: toNode, port: toPort } }
    }),
    ...(outputs ? { outputs } : {}),
  }
}

/** Runs a graph, collecting every event. */
export async function runCollecting(
  graph: unknown,
  registry: NodeRegistry,
  dir: string,
  extra: Partial<RunOptions> = {},
): Promise<{ result: RunResult; events: RunEvent[] }> {
  const events: RunEvent[] = []
  const result = await executeGraph({
    runId: 'r1',
    graph,
    registry,
    engines: createEngines({ threads: 1 }),
    cacheDir: join(dir, 'cache'),
    artifactDir: join(dir, 'artifacts'),
    baseDir: dir,
    onEvent: (event) => events.push(event),
    ...extra,
  })
  return { result, events }
}

/** `type:nodeId` for each node event, `type` for run events; progress and logs left out. */
export function sequence(events: RunEvent[]): string[] {
  return events
    .filter((e) => e.type !== 'node:progress' && e.type !== 'node:log')
    .map((e) => ('nodeId' in e && e.type.startsWith('node:') ? `${e.type}:${e.nodeId}` : e.type))
}
