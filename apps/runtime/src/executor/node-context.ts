import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, normalize } from 'node:path'

import { createRandom, type DerivedSource, type Engines, NodeInputError, type NodeContext, type RunInfo } from '@inspectflow/nodes'

import { describeRun } from './describe-run'
import type { PathResolver } from './resolve-path'
import type { RunEventEmitter } from './run-event-emitter'
import type { RunState } from './run-state'
import type { ProgressThrottle, ProgressReport } from './progress-throttle'
import { createProgressThrottle } from './progress-throttle'

/** What the executor knows when it builds one node's context. */
export interface NodeContextOptions {
  runId: string
  nodeId: string
  seed: number
  signal: AbortSignal
  engines: Engines
  artifactDir: string
  resolvePath: PathResolver
  events: RunEventEmitter
  /** The node's scratch directory; throws while the key is not yet known (during fingerprinting). */
  scratchDir: () => string
  runInfo?: RunInfo
  /** Keeps values derived from the node's inputs (ctx.derived). */
  derived: NodeContext['derived']
}

/** A context plus the throttle behind its progress, which the executor flushes when the node ends. */
export interface BuiltNodeContext {
  ctx: NodeContext
  progress: ProgressThrottle
}

/** Builds the NodeContext of one node of one run. */
export function buildNodeContext(options: NodeContextOptions): BuiltNodeContext {
  const { nodeId, events } = options
  const progress = createProgressThrottle((report: ProgressReport) => events.emit({ type: 'node:progress', nodeId, ...report }))
  const ctx: NodeContext = {
    nodeId,
    runId: options.runId,
    signal: options.signal,
    engines: options.engines,
    rng: createRandom(`${options.seed}/${nodeId}`),
    log: {
      info: (message) => events.emit({ type: 'node:log', nodeId, level: 'info', message }),
      warn: (message) => events.emit({ type: 'node:log', nodeId, level: 'warn', message }),
    },
    progress: (done, total, message, preview) => progress.report({ done, total, message, preview }),
    get scratchDir() {
      return options.scratchDir()
    },
    resolvePath: options.resolvePath,
    writeArtifact: (name, data) => writeArtifact(options.artifactDir, nodeId, name, data),
    runInfo: options.runInfo,
    derived: options.derived,
  }
  return { ctx, progress }
}

/** The context of one node of a running graph: everything comes from the run's state. */
export function buildRunNodeContext(state: RunState, nodeId: string, scratchDir: () => string, engines = state.options.engines): BuiltNodeContext {
  return buildNodeContext({
    runId: state.options.runId,
    nodeId,
    seed: state.seed,
    signal: state.signal,
    engines,
    artifactDir: state.options.artifactDir,
    resolvePath: state.resolvePath,
    events: state.events,
    scratchDir,
    runInfo: { ...describeRun(state.graph), nodeDevices: Object.fromEntries(state.nodeDevices ?? []) },
    derived: derivedInCache(state, nodeId),
  })
}

/**
 * Derived values live in the output cache's memory tier under the key of the input they come from, so
 * they last as long as that value is likely to be used again, across runs of one process, and are
 * dropped with it under memory pressure (they are recomputed on demand, never wrong).
 */
function derivedInCache(state: RunState, nodeId: string): NodeContext['derived'] {
  return <T extends object>(input: DerivedSource, name: string, create: () => T): T => {
    const sources = state.nodes.get(nodeId)?.inputs[input.port] ?? []
    if (sources.length === 0) throw new Error(`node "${nodeId}": ctx.derived names input "${input.port}", which has no connection`)
    const key = `${sources.map((s) => `${state.keys.get(s.node)}.${s.port}`).join('+')}/derived/${name}`
    const memory = state.cache.memory
    if (memory.has(key)) return memory.get(key) as T
    const value = create()
    memory.set(key, value)
    return value
  }
}

/**
 * Writes `<artifactDir>/<nodeId>/<name>` and returns `<nodeId>/<name>`. Names may contain sub-folders
 * but never leave the node's folder.
 */
async function writeArtifact(artifactDir: string, nodeId: string, name: string, data: Uint8Array | string): Promise<string> {
  const relativeName = normalize(name).replace(/\\/g, '/')
  if (isAbsolute(name) || relativeName.startsWith('..') || relativeName === '.') {
    throw new NodeInputError('artifact name', 'a relative file name inside the node folder', `"${name}"`)
  }
  const path = join(artifactDir, nodeId, relativeName)
  await mkdir(dirname(path), { recursive: true })
  // written beside and renamed into place: a reader of a shared store (another machine's API node)
  // sees the whole file or none of it
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(temporary, data)
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
  return `${nodeId}/${relativeName}`
}
