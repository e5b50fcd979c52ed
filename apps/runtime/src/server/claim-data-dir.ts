import { readdir } from 'node:fs/promises'
import path from 'node:path'

import { sweepStaleCacheTemp, sweepTempFiles } from '../cache/sweep-temp'
import { type DataDirLock, lockDataDir } from './data-dir-lock'
import { pruneRuns, type RunRetention } from './run-retention'
import type { ServerLogger } from './server-options'

/** Folders of a data dir the server takes charge of at start. */
export interface DataDirLayout {
  dataDir: string
  graphsDir: string
  runsDir: string
  cacheDir: string
}

async function sweepRunFolders(runsDir: string): Promise<number> {
  const names = await readdir(runsDir).catch(() => [] as string[])
  let count = 0
  for (const name of names) count += (await sweepTempFiles(path.join(runsDir, name))).length
  return count
}

/**
 * Takes the data dir for this server before anything reads it: the lock (a second server is refused,
 * naming the holder), then, as the owner, removes what crashed writers left (temporary cache entries,
 * `.tmp` files of atomic writes) and run folders beyond the retention.
 */
export async function claimDataDir(layout: DataDirLayout, retention: RunRetention, logger: ServerLogger): Promise<DataDirLock> {
  const lock = await lockDataDir(layout.dataDir)
  try {
    const swept = [
      ...(await sweepStaleCacheTemp(layout.cacheDir)),
      ...(await sweepTempFiles(layout.graphsDir)),
    ].length + (await sweepRunFolders(layout.runsDir))
    if (swept > 0) logger.warn(`removed ${swept} temporary file(s) left by an interrupted write`)
    const pruned = await pruneRuns(layout.runsDir, retention)
    if (pruned.length > 0) logger.warn(`removed ${pruned.length} run folder(s) beyond the retention setting`)
    return lock
  } catch (error) {
    await lock.release()
    throw error
  }
}
