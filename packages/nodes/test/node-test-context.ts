import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'

import type { NodeContext } from '../src/contract/context'
import { createRandom } from '../src/contract/random'
import type { Engines } from '../src/engine/engines'

/**
 * A NodeContext for unit tests of the evaluation nodes: artifacts go to `<dir>/artifacts`, scratch to
 * `<dir>/scratch`, logs are collected. Engines are not used by these nodes, so asking for them throws.
 */
export function testContext(dir: string): NodeContext & { logs: string[]; progressCalls: number } {
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
    rng: createRandom('test'),
    scratchDir: join(dir, 'scratch'),
    writeArtifact: async (name: string, data: Uint8Array | string) => {
      const path = join(dir, 'artifacts', name)
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, data)
      return name
    },
    resolvePath: (path: string) => resolve(dir, path),
    get engines(): Engines {
      throw new Error('engines are not available in evaluation node tests')
    },
  }
  return ctx
}
