import path from 'node:path'
import { parseArgs } from 'node:util'

import { DataDirInUseError, lockDataDir } from '../server/data-dir-lock'
import { pruneRuns, type RunRetention } from '../server/run-retention'
import { type CliIo, EXIT, UsageError } from './cli-io'

function numberOption(flag: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0 || (integer && !Number.isInteger(parsed))) {
    throw new UsageError(`${flag}: expected ${integer ? 'an integer' : 'a number'} >= 0, found "${value}"`)
  }
  return parsed
}

function retentionOf(values: { keep?: string; days?: string }): RunRetention {
  const retention: RunRetention = { keep: numberOption('--keep', values.keep, true), maxAgeDays: numberOption('--days', values.days, false) }
  if (retention.keep === undefined && retention.maxAgeDays === undefined) {
    throw new UsageError('prune-runs needs --keep N (newest ended runs to keep) and/or --days D (keep runs younger than D days)')
  }
  return retention
}

function optionsOf(argv: string[]): { 'data-dir'?: string; keep?: string; days?: string; 'dry-run'?: boolean } {
  try {
    return parseArgs({
      args: argv,
      options: { 'data-dir': { type: 'string' }, keep: { type: 'string' }, days: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

/**
 * `inspectflow prune-runs [--data-dir DIR] [--keep N] [--days D] [--dry-run]`: deletes the folders of
 * ended runs beyond the retention. Takes the data dir's lock first, so it refuses while a server owns
 * the dir (that server prunes with its own retention setting at start).
 */
export async function pruneCommand(argv: string[], io: CliIo): Promise<number> {
  const values = optionsOf(argv)
  const retention = retentionOf(values)
  const dataDir = path.resolve(io.cwd, values['data-dir'] ?? '.inspectflow')
  let lock
  try {
    lock = await lockDataDir(dataDir)
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error
    io.stderr.write(`inspectflow prune-runs: ${error.message}\n`)
    return EXIT.runFailed
  }
  try {
    const dryRun = values['dry-run'] === true
    const pruned = await pruneRuns(path.join(dataDir, 'runs'), retention, { dryRun })
    for (const run of pruned) io.stdout.write(`${dryRun ? 'would remove' : 'removed'} ${run.runId}  ${run.status}  ${run.createdAt}\n`)
    io.stdout.write(`${pruned.length} run folder(s) ${dryRun ? 'would be ' : ''}removed from ${path.join(dataDir, 'runs')}\n`)
    return EXIT.ok
  } finally {
    await lock.release()
  }
}
