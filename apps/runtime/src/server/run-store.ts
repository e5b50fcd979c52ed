import { appendFile, mkdir, readdir, readFile, rm, truncate } from 'node:fs/promises'
import path from 'node:path'

import type { RunEvent } from '@inspectflow/graph-schema'

import { writeFileAtomic } from './graph-store'
import { applyEvent, isFinalStatus, type RunRecord, settleRunningNodes } from './run-record'

/** What a run was started with, kept next to its record so a run can be inspected or repeated later. */
export interface RunRequest {
  graph: unknown
  params: Record<string, unknown>
  targets?: string[]
}

/** Run ids are generated here and checked before they touch a path. */
export const RUN_ID_PATTERN = /^[a-z0-9]{6,40}(-[a-z0-9]{2,16})?$/

const RESTART_MESSAGES = {
  running: 'server restarted during the run; start it again',
  queued: 'server restarted before the run started; start it again',
} as const

/**
 * Run records and event logs on disk, under `<dir>/<runId>/`: `record.json` (the RunRecord, rewritten
 * atomically), `events.jsonl` (every event, appended in order), `request.json` and `artifacts/`.
 * All writes of one run go through one promise chain so they land in the order they were made.
 */
export class RunStore {
  private readonly records = new Map<string, RunRecord>()
  private readonly chains = new Map<string, Promise<void>>()
  private readonly recordWritePending = new Set<string>()

  private constructor(
    private readonly dir: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Opens (and creates) the store and reloads every run; runs cut short by a restart become failed. */
  static async open(dir: string, onError: (error: unknown) => void = () => {}): Promise<RunStore> {
    const store = new RunStore(dir, onError)
    await mkdir(dir, { recursive: true })
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && RUN_ID_PATTERN.test(entry.name)) await store.reload(entry.name)
    }
    return store
  }

  /**
   * Loads a run as the log says it is. The record is rewritten lazily and can lag the log after a crash
   * (kill -9 left eventCount 16 beside 17 logged events), so events past the record's count are applied
   * again; a run still marked running or queued gets its terminal event, and a final run keeps no
   * running node.
   */
  private async reload(runId: string): Promise<void> {
    let record: RunRecord
    try {
      record = JSON.parse(await readFile(this.file(runId, 'record.json'), 'utf8')) as RunRecord
    } catch (error) {
      this.onError(new Error(`run ${runId}: record.json is unreadable and was skipped: ${(error as Error).message}`))
      return
    }
    this.records.set(runId, record)
    const logged = await this.readCompleteLog(runId)
    const missed = logged.slice(record.eventCount)
    for (const event of missed) applyEvent(record, event)
    if (record.status === 'running' || record.status === 'queued') {
      const message = RESTART_MESSAGES[record.status]
      this.append(runId, { type: 'run:failed', runId, ts: Date.now(), message, executed: record.executed ?? [] })
    } else if (isFinalStatus(record.status) && Object.values(record.nodeStates).some((node) => node.state === 'running')) {
      settleRunningNodes(record, `stopped: the run was ${record.status}`)
    } else if (missed.length === 0) {
      return
    }
    this.saveRecord(runId)
    await this.flush(runId)
  }

  /**
   * The logged events up to the last complete line. A crash mid-append leaves a torn last line; it is cut
   * off the file too, so the next append starts on a line of its own.
   */
  private async readCompleteLog(runId: string): Promise<RunEvent[]> {
    const file = this.file(runId, 'events.jsonl')
    const text = await readFile(file, 'utf8').catch(() => '')
    const events: RunEvent[] = []
    let complete = 0
    for (let start = 0, end = text.indexOf('\n'); end !== -1; start = end + 1, end = text.indexOf('\n', start)) {
      const line = text.slice(start, end)
      if (line.trim() !== '') {
        try {
          events.push(JSON.parse(line) as RunEvent)
        } catch {
          break
        }
      }
      complete = end + 1
    }
    if (complete < text.length) await truncate(file, Buffer.byteLength(text.slice(0, complete)))
    return events
  }

  private file(runId: string, name: string): string {
    return path.join(this.dir, runId, name)
  }

  /** Directory the executor writes this run's artifacts into. */
  artifactDir(runId: string): string {
    return path.join(this.dir, runId, 'artifacts')
  }

  private enqueue(runId: string, task: () => Promise<void>): void {
    const previous = this.chains.get(runId) ?? Promise.resolve()
    this.chains.set(runId, previous.then(task).catch(this.onError))
  }

  /** Registers a new run and writes its folder, request and first record. */
  create(record: RunRecord, request: RunRequest): void {
    this.records.set(record.runId, record)
    this.enqueue(record.runId, async () => {
      await mkdir(this.artifactDir(record.runId), { recursive: true })
      await writeFileAtomic(this.file(record.runId, 'request.json'), JSON.stringify(request))
    })
    this.saveRecord(record.runId)
  }

  /** Applies an event to the in-memory record and appends it to the log. */
  append(runId: string, event: RunEvent): RunRecord {
    const record = this.require(runId)
    applyEvent(record, event)
    this.enqueue(runId, () => appendFile(this.file(runId, 'events.jsonl'), `${JSON.stringify(event)}\n`))
    return record
  }

  /** Schedules a rewrite of record.json; several calls before the write runs coalesce into one. */
  saveRecord(runId: string): void {
    if (this.recordWritePending.has(runId)) return
    this.recordWritePending.add(runId)
    this.enqueue(runId, async () => {
      this.recordWritePending.delete(runId)
      await writeFileAtomic(this.file(runId, 'record.json'), JSON.stringify(this.require(runId)))
    })
  }

  /** Resolves once every write made so far for the run (or all runs) is on disk. */
  async flush(runId?: string): Promise<void> {
    const chains = runId ? [this.chains.get(runId)] : [...this.chains.values()]
    await Promise.all(chains)
  }

  /** The record, or undefined for an unknown id. */
  get(runId: string): RunRecord | undefined {
    return this.records.get(runId)
  }

  private require(runId: string): RunRecord {
    const record = this.records.get(runId)
    if (!record) throw new Error(`run ${runId} is not in the run store`)
    return record
  }

  /** Every run, newest first. */
  list(): RunRecord[] {
    return [...this.records.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.runId.localeCompare(a.runId))
  }

  /** The run's event log as stored, after pending writes land. */
  async events(runId: string): Promise<RunEvent[]> {
    await this.flush(runId)
    let text: string
    try {
      text = await readFile(this.file(runId, 'events.jsonl'), 'utf8')
    } catch {
      return []
    }
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as RunEvent)
  }

  /** Forgets an ended run and deletes its folder, once its pending writes have landed (retention). */
  async remove(runId: string): Promise<void> {
    await this.flush(runId)
    // folder first: once the run is gone from the list, its files are gone too
    await rm(path.join(this.dir, runId), { recursive: true, force: true })
    this.records.delete(runId)
    this.chains.delete(runId)
  }

  /** What the run was started with. */
  async request(runId: string): Promise<RunRequest> {
    await this.flush(runId)
    return JSON.parse(await readFile(this.file(runId, 'request.json'), 'utf8')) as RunRequest
  }
}
