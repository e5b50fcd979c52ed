import { readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type { RunEvent } from '@inspectflow/graph-schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { RunRecord } from '../run-record'
import { makeTestDirs, removeTestDirs, startTestServer, type TestDirs } from '../../../test/test-server'
import { besideModule, killHard, spawnUntil } from './spawn-child'

// Probes of issue 14 items 6 (two servers, one data dir) and 7 (kill -9 mid-run): one owner per data
// dir, and after a crash the record is rebuilt from the event log with no node left running.

/** Spelled out, not imported, so that this suite also runs (and fails) on code without the lock. */
const LOCK_NAME = 'server.lock'

let dirs: TestDirs

beforeAll(async () => {
  dirs = await makeTestDirs()
})

afterAll(async () => {
  await removeTestDirs(dirs)
})

function lines(text: string): RunEvent[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RunEvent)
}

describe('one owner per data dir', () => {
  it('refuses a second server on a live server’s data dir, naming the holder, and leaves its runs alone', async () => {
    const { child, match } = await spawnUntil([besideModule(import.meta.url, './crash-child.ts'), JSON.stringify(dirs)], /READY (\S+) (\S+)/)
    try {
      const runId = match[1] as string
      const lock = JSON.parse(await readFile(path.join(dirs.dataDir, LOCK_NAME), 'utf8')) as { pid: number; host: string }
      expect(lock).toMatchObject({ pid: child.pid, host: os.hostname() })
      await expect(startTestServer(dirs)).rejects.toThrow(new RegExp(`in use by inspectflow pid ${child.pid} on host ${os.hostname()}`))
      const record = JSON.parse(await readFile(path.join(dirs.dataDir, 'runs', runId, 'record.json'), 'utf8')) as RunRecord
      expect(record.status).toBe('running')
    } finally {
      await killHard(child)
    }
  })
})

describe('after kill -9 mid-run', () => {
  it('takes over the dead server’s lock and rebuilds the cut run from its log: failed, no node running', async () => {
    const crashDirs = await makeTestDirs()
    const { child, match } = await spawnUntil([besideModule(import.meta.url, './crash-child.ts'), JSON.stringify(crashDirs)], /READY (\S+) (\S+)/)
    const runId = match[1] as string
    await killHard(child)
    const runDir = path.join(crashDirs.dataDir, 'runs', runId)
    // what a crash between an append and the next record write leaves: the record behind the log,
    // and half a line at the end of the log
    const logged = lines(await readFile(path.join(runDir, 'events.jsonl'), 'utf8'))
    const record = JSON.parse(await readFile(path.join(runDir, 'record.json'), 'utf8')) as RunRecord
    await writeFile(path.join(runDir, 'record.json'), JSON.stringify({ ...record, eventCount: 2, nodeStates: {} }))
    await writeFile(path.join(runDir, 'events.jsonl'), `${logged.map((e) => JSON.stringify(e)).join('\n')}\n{"type":"node:prog`)

    const server = await startTestServer(crashDirs)
    try {
      const rebuilt = server.runs.get(runId)
      expect(rebuilt.status).toBe('failed')
      expect(Object.values(rebuilt.nodeStates).filter((node) => node.state === 'running')).toEqual([])
      expect(rebuilt.nodeStates.slow).toMatchObject({ state: 'failed' })
      expect(rebuilt.nodeStates.slow?.done ?? 0).toBeGreaterThan(3)
      await server.store.flush()
      const after = lines(await readFile(path.join(runDir, 'events.jsonl'), 'utf8'))
      expect(after).toHaveLength(logged.length + 1)
      expect(after.at(-1)?.type).toBe('run:failed')
      const stored = JSON.parse(await readFile(path.join(runDir, 'record.json'), 'utf8')) as RunRecord
      expect(stored.eventCount).toBe(after.length)
      const lock = JSON.parse(await readFile(path.join(crashDirs.dataDir, LOCK_NAME), 'utf8')) as { pid: number }
      expect(lock.pid).toBe(process.pid)
    } finally {
      await server.close()
      await removeTestDirs(crashDirs)
    }
  })

  it('settles a run that ended with a node still marked running in an old record', async () => {
    const oldDirs = await makeTestDirs()
    const first = await startTestServer(oldDirs)
    await first.close()
    const runId = 'abcdef123456'
    const runDir = path.join(oldDirs.dataDir, 'runs', runId)
    const { mkdir } = await import('node:fs/promises')
    await mkdir(runDir, { recursive: true })
    const old: RunRecord = {
      runId,
      graphName: 'g',
      inline: true,
      status: 'cancelled',
      device: 'cpu',
      createdAt: new Date().toISOString(),
      params: {},
      nodeStates: { a: { state: 'finished' }, b: { state: 'running', done: 2, total: 9 } },
      eventCount: 0,
    }
    await writeFile(path.join(runDir, 'record.json'), JSON.stringify(old))
    const server = await startTestServer(oldDirs)
    try {
      expect(server.runs.get(runId).nodeStates).toMatchObject({ a: { state: 'finished' }, b: { state: 'failed', message: 'stopped: the run was cancelled' } })
    } finally {
      await server.close()
      await removeTestDirs(oldDirs)
    }
  })
})

describe('a stale lock', () => {
  it('is taken over when its pid now belongs to another program (pid reuse)', async () => {
    const reused = await makeTestDirs()
    const { spawn } = await import('node:child_process')
    const sleeper = spawn('sleep', ['30'])
    try {
      const { mkdir } = await import('node:fs/promises')
      await mkdir(reused.dataDir, { recursive: true })
      await writeFile(path.join(reused.dataDir, LOCK_NAME), JSON.stringify({ pid: sleeper.pid, host: os.hostname(), startedAt: 'yesterday' }))
      const server = await startTestServer(reused)
      const lock = JSON.parse(await readFile(path.join(reused.dataDir, LOCK_NAME), 'utf8')) as { pid: number }
      expect(lock.pid).toBe(process.pid)
      await server.close()
    } finally {
      sleeper.kill('SIGKILL')
      await removeTestDirs(reused)
    }
  })
})
