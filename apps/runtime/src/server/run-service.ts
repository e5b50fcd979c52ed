import { randomBytes } from 'node:crypto'
import path from 'node:path'

import type { ExecutionPlan, PlanResult, RunEvent } from '@inspectflow/graph-schema'
import type { Engines, NodeRegistry } from '@inspectflow/nodes'

import { createOutputCache, type OutputCache } from '../cache/output-cache'
import type { RunOptions, RunResult } from '../executor/run-options'
import { badRequest, conflict, HttpError, notFound } from './errors'
import { jsonSafe, summariseOutputs } from './output-summary'
import { isFinalStatus, type RunRecord } from './run-record'
import type { RecordPatch, RemoteQueueHooks, RunQueue } from '../queue/run-queue'
import { InProcessRunQueue } from './run-queue'
import type { RunRequest, RunStore } from './run-store'

/** Runs a graph: the executor's `executeGraph`, injectable for tests of the server alone. */
export type ExecuteFn = (options: RunOptions) => Promise<RunResult>

/** Checks and plans a graph with its overrides and targets (validateAndPlan): the plan, or every problem. */
export type ValidateFn = (graph: unknown, overrides: Record<string, unknown>, targets?: string[]) => PlanResult

/** What the run service needs from the server. */
export interface RunServiceOptions {
  store: RunStore
  registry: NodeRegistry
  engines: Engines
  execute: ExecuteFn
  validate: ValidateFn
  devices: string[]
  cacheDir: string
  baseDir: string
  dataRoots: string[]
  maxWaiting: number
  onError: (error: unknown) => void
  /** A queue whose runs execute elsewhere (`serve --queue`); default: the in-process queue over `devices`. */
  createQueue?: (hooks: RemoteQueueHooks) => RunQueue
}

/** A request to start a run once the graph has been looked up. */
export interface StartRunInput {
  graph: unknown
  graphName: string
  inline: boolean
  params: Record<string, unknown>
  targets?: string[]
}

/** Receives every event of every run, after the record has been updated. */
export type RunEventListener = (event: RunEvent, record: RunRecord) => void

let runCounter = 0

/** Time-ordered ids (time, then a per-process counter), with random bits so they cannot be guessed. */
function newRunId(): string {
  runCounter = (runCounter + 1) % 1296
  return `${Date.now().toString(36).padStart(9, '0')}${runCounter.toString(36).padStart(2, '0')}${randomBytes(4).toString('hex')}`
}

/**
 * Starts, queues, cancels and records runs. Each executor event is applied to the stored record and
 * log first and then handed to listeners (the socket hub), so what a late joiner reads and what the
 * live listeners saw never disagree.
 */
export class RunService {
  readonly queue: RunQueue
  private readonly listeners = new Set<RunEventListener>()
  /** One cache per process, so its memory tier serves every later run. */
  private readonly cache: OutputCache

  constructor(private readonly options: RunServiceOptions) {
    this.cache = createOutputCache({ dir: options.cacheDir })
    const hooks: RemoteQueueHooks = {
      onPosition: (runId, position) => this.emit(runId, { type: 'run:queued', runId, ts: Date.now(), position }),
      onError: (runId, error) => options.onError(new Error(`run ${runId}: ${error instanceof Error ? error.message : String(error)}`)),
      onRemoteRun: (record, request) => this.adoptRemoteRun(record as RunRecord, request),
      onRemoteEvent: (runId, seq, event, patch) => this.applyRemoteEvent(runId, seq, event as RunEvent, patch),
      onLocalFailure: (runId, message) => this.emit(runId, { type: 'run:failed', runId, ts: Date.now(), message, executed: [] }),
    }
    this.queue = options.createQueue ? options.createQueue(hooks) : new InProcessRunQueue(options.devices, hooks)
  }

  /** A run another API node started: recorded here too, so every node lists and serves every run. */
  private adoptRemoteRun(record: RunRecord, request: RunRequest): void {
    if (this.options.store.get(record.runId)) return
    this.options.store.create({ ...record, status: 'queued', nodeStates: {}, eventCount: 0 }, request)
  }

  /**
   * Applies event number `seq` of a run executed elsewhere. Events are numbered per run in the order
   * Redis received them, and the record counts the events applied, so a repeat (a stream read again
   * after a reconnect) is recognised by its number and dropped: applying is idempotent.
   */
  private applyRemoteEvent(runId: string, seq: number, event: RunEvent, patch: RecordPatch | undefined): void {
    const record = this.options.store.get(runId)
    if (!record || seq <= record.eventCount) return
    if (seq > record.eventCount + 1) {
      this.options.onError(new Error(`run ${runId}: events ${record.eventCount + 1}..${seq - 1} never arrived; applying ${seq}`))
    }
    if (patch && !isFinalStatus(record.status)) Object.assign(record, patch)
    this.emit(runId, event)
  }

  /** Subscribes to every run event; returns the unsubscribe function. */
  onEvent(listener: RunEventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private emit(runId: string, event: RunEvent): RunRecord {
    const current = this.get(runId)
    // A run ends exactly once: nothing after its terminal event reaches the log or the listeners.
    if (isFinalStatus(current.status)) return current
    const record = this.options.store.append(runId, event)
    if (event.type !== 'node:progress' && event.type !== 'node:log') this.options.store.saveRecord(runId)
    for (const listener of this.listeners) {
      try {
        listener(event, record)
      } catch (error) {
        this.options.onError(error)
      }
    }
    return record
  }

  /**
   * Validates, records and queues a run. 400 with every problem when the graph cannot run.
   * `onCreated` runs before the first event, so a caller can subscribe without missing any.
   */
  start(input: StartRunInput, onCreated?: (runId: string) => void): RunRecord {
    const checked = this.options.validate(input.graph, input.params, input.targets)
    if (!checked.ok) {
      const { problems } = checked
      throw badRequest(`graph "${input.graphName}" has ${problems.length} problem(s); nothing was run`, problems, 'invalid_graph')
    }
    if (this.queue.totals().waiting >= this.options.maxWaiting) {
      throw new HttpError(429, 'queue_full', `${this.options.maxWaiting} runs are already waiting; try again when some have finished`)
    }
    const runId = newRunId()
    const record: RunRecord = {
      runId,
      graphName: input.graphName,
      inline: input.inline,
      status: 'queued',
      device: '',
      createdAt: new Date().toISOString(),
      params: input.params,
      nodeStates: {},
      eventCount: 0,
    }
    if (input.targets) record.targets = input.targets
    const request: RunRequest = { graph: input.graph, params: input.params, targets: input.targets }
    this.options.store.create(record, request)
    onCreated?.(runId)
    const { device, position } = this.queue.enqueue({
      id: runId,
      run: (signal, dev) => this.execute(runId, request, signal, dev, checked.plan),
      request,
      nodeTypes: checked.plan.nodes.map((planned) => planned.node.type),
      record: { ...record },
    })
    record.device = device
    // a remote queue publishes run:queued through Redis, which numbers it; it arrives like any other event
    if (this.queue.remote) {
      record.position = position
      return record
    }
    return this.emit(runId, { type: 'run:queued', runId, ts: Date.now(), position })
  }

  /** Runs a queued request; `plan` is the one made when the run was accepted (absent after a restart). */
  private async execute(runId: string, request: RunRequest, signal: AbortSignal, device: string, plan?: ExecutionPlan): Promise<void> {
    const { options } = this
    let result: RunResult | undefined
    try {
      result = await options.execute({
        runId,
        graph: request.graph,
        registry: options.registry,
        engines: options.engines,
        overrides: request.params,
        targets: request.targets,
        plan,
        cacheDir: options.cacheDir,
        cache: this.cache,
        artifactDir: options.store.artifactDir(runId),
        baseDir: options.baseDir,
        dataRoots: options.dataRoots,
        signal,
        onEvent: (event) => this.emit(runId, { ...event, runId }),
      })
    } catch (error) {
      // The executor should report failures as events; this keeps the server up when it throws instead.
      options.onError(error)
      result = { status: 'failed', outputs: {}, executed: [], cached: [], error: { message: `the executor threw on ${device}: ${(error as Error).message}` } }
    }
    this.finish(runId, request, result)
  }

  /** Stores what the result adds to the events and makes sure the run ends with one terminal event. */
  private finish(runId: string, request: RunRequest, result: RunResult): void {
    const record = this.options.store.get(runId)
    if (!record) return
    record.executed = result.executed
    record.cached = result.cached
    record.outputValues = jsonSafe(result.outputs) as Record<string, unknown>
    record.summary = summariseOutputs(result.outputs, result.graph ?? request.graph, this.options.registry.catalog)
    if (!isFinalStatus(record.status)) this.emit(runId, this.terminalEventFor(runId, result))
    this.options.store.saveRecord(runId)
  }

  private terminalEventFor(runId: string, result: RunResult): RunEvent {
    const ts = Date.now()
    if (result.status === 'finished') return { type: 'run:finished', runId, ts, ms: 0, outputs: Object.keys(result.outputs) }
    if (result.status === 'cancelled') return { type: 'run:cancelled', runId, ts, executed: result.executed }
    const message = result.error?.message ?? 'the run failed without a message'
    return { type: 'run:failed', runId, ts, message, nodeId: result.error?.nodeId, nodeType: result.error?.nodeType, executed: result.executed }
  }

  /** Cancels a queued run (it never starts) or aborts a running one. A finished run is returned as it is. */
  cancel(runId: string): RunRecord {
    const record = this.get(runId)
    if (isFinalStatus(record.status)) return record
    const outcome = this.queue.cancel(runId)
    if (outcome === 'requested') return record
    if (outcome === 'queued') return this.emit(runId, { type: 'run:cancelled', runId, ts: Date.now(), executed: [] })
    if (outcome === 'unknown') throw conflict(`run ${runId} is ${record.status} but not in the queue; it cannot be cancelled`)
    return record
  }

  /** The record of a run; 404 for an unknown id. */
  get(runId: string): RunRecord {
    const record = this.options.store.get(runId)
    if (!record) throw notFound(`no run with id "${runId}"; GET /api/runs lists the runs`)
    return record
  }

  /** Folder of a run's artifacts (the shared store's when runs execute on workers); 404 for an unknown id. */
  artifactDir(runId: string): string {
    this.get(runId)
    return path.resolve(this.queue.artifactDir?.(runId) ?? this.options.store.artifactDir(runId))
  }

  /** The run's stored events, numbered from 1 like the sequence numbers sockets carry. */
  events(runId: string): Promise<RunEvent[]> {
    this.get(runId)
    return this.options.store.events(runId)
  }
}
