import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'

import { derivedPerValue, type NodeContext } from '../src/contract/context'
import { createRandom } from '../src/contract/random'
import type { Engines } from '../src/engine/engines'

/** Shared by every test context, as the executor's cache is shared by every node of a process. */
const derived = derivedPerValue()

/**
 * The one NodeContext of the nodes package's unit tests: artifacts go to `<dir>/artifacts`, scratch to
 * `<dir>/scratch`, paths resolve against `dir`, log lines are collected (warnings prefixed `warn: `)
 * and progress calls counted. Engines throw unless given, so a node that should not need them shows
 * it. `overrides` replace any field (a progress or log collector, the node id, engines).
 */
export function testContext(dir: string, overrides: Partial<NodeContext> = {}): NodeContext & { logs: string[]; progressCalls: number } {
  const logs: string[] = []
  const ctx = {
    nodeId: 'node',
    runId: 'test',
    signal: new AbortController().signal,
    progressCalls: 0,
    progress: () => {
      ctx.progressCalls++
    },
    log: { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(`warn: ${m}`) },
    logs,
    rng: createRandom(`0/${overrides.nodeId ?? 'node'}`),
    scratchDir: join(dir, 'scratch'),
    writeArtifact: async (name: string, data: Uint8Array | string) => {
      const path = join(dir, 'artifacts', name)
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, data)
      return name
    },
    resolvePath: (path: string) => resolve(dir, path),
    get engines(): Engines {
      throw new Error('this test gave its node no engines')
    },
    derived,
  }
  return Object.defineProperties(ctx, Object.getOwnPropertyDescriptors(overrides)) as typeof ctx
}
