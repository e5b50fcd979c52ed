import { readdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'

import { isFinalStatus, type RunRecord } from './run-record'
import { RUN_ID_PATTERN } from './run-store'

/** How many ended runs to keep: the newest `keep`, and/or those younger than `maxAgeDays`. */
export interface RunRetention {
  keep?: number
  maxAgeDays?: number
}

/** One run folder that pruning removed (or would remove, in a dry run). */
export interface PrunedRun {
  runId: string
  createdAt: string
  status: string
}

async function endedRuns(runsDir: string): Promise<RunRecord[]> {
  let names: string[]
  try {
    names = await readdir(runsDir)
  } catch {
    return []
  }
  const records: RunRecord[] = []
  for (const name of names.filter((n) => RUN_ID_PATTERN.test(n))) {
    try {
      const record = JSON.parse(await readFile(path.join(runsDir, name, 'record.json'), 'utf8')) as RunRecord
      // queued and running runs are never pruned: a restart decides their end first
      if (record.runId === name && isFinalStatus(record.status)) records.push(record)
    } catch {
      // unreadable records are left for a person to look at
    }
  }
  return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.runId.localeCompare(a.runId))
}

/** Throws unless the setting is usable; names the field, what it expects and what it found. */
export function checkRetention(retention: RunRetention): void {
  const { keep, maxAgeDays } = retention
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 0)) throw new RangeError(`run retention keep: expected an integer >= 0, found ${keep}`)
  if (maxAgeDays !== undefined && !(maxAgeDays >= 0)) throw new RangeError(`run retention maxAgeDays: expected a number of days >= 0, found ${maxAgeDays}`)
}

/**
 * Deletes the folders (record, log, artifacts) of ended runs beyond the retention: past the newest
 * `keep`, or older than `maxAgeDays`. With neither set nothing is removed. The caller must own the
 * data dir (a server at start, or the prune command holding its lock).
 */
export async function pruneRuns(runsDir: string, retention: RunRetention, options: { now?: number; dryRun?: boolean } = {}): Promise<PrunedRun[]> {
  checkRetention(retention)
  const pruned: PrunedRun[] = []
  for (const record of beyondRetention(await endedRuns(runsDir), retention, options.now ?? Date.now())) {
    if (!options.dryRun) await rm(path.join(runsDir, record.runId), { recursive: true, force: true })
    pruned.push({ runId: record.runId, createdAt: record.createdAt, status: record.status })
  }
  return pruned
}

/** Of ended runs sorted newest first, those past the newest `keep` or older than `maxAgeDays`. */
export function beyondRetention(endedNewestFirst: RunRecord[], retention: RunRetention, now: number): RunRecord[] {
  if (retention.keep === undefined && retention.maxAgeDays === undefined) return []
  const oldest = retention.maxAgeDays === undefined ? -Infinity : now - retention.maxAgeDays * 86_400_000
  return endedNewestFirst.filter((record, index) => (retention.keep !== undefined && index >= retention.keep) || Date.parse(record.createdAt) < oldest)
}
