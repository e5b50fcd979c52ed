import { spawnSync } from 'node:child_process'
import { mkdir, readdir, readFile, rename, stat, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createPathResolver } from '../../executor/resolve-path'
import { main } from '../../cli/main'
import { readFileGraph } from '../../../test/server-graphs'
import { makeTestDirs, openSocket, removeTestDirs, startAndWatch, startTestServer, type TestDirs } from '../../../test/test-server'

// Probes of issue 14 item 9 (paths and folders): refusals do not reveal where links lead, a link
// swapped after the check is not followed, debris of interrupted writes is swept at start, and run
// folders can be pruned by a retention setting or a command.

let dirs: TestDirs
beforeAll(async () => {
  dirs = await makeTestDirs()
  await mkdir(dirs.dataRoot, { recursive: true })
})
afterAll(async () => {
  await removeTestDirs(dirs)
})

/** A pid that no process has any more: a child that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid as number
}

function captureIo(cwd: string): { io: Parameters<typeof main>[1]; out: () => string; err: () => string } {
  let out = ''
  let err = ''
  const io = {
    cwd,
    env: {},
    stdout: { write: (text: string) => void (out += text) },
    stderr: { write: (text: string) => void (err += text) },
  } as unknown as Parameters<typeof main>[1]
  return { io, out: () => out, err: () => err }
}

describe('path refusals and links', () => {
  it('names the param and "outside the data roots", never the real path a link leads to', async () => {
    const hidden = path.join(dirs.root, 'private-area', 'secret-name.txt')
    await mkdir(path.dirname(hidden), { recursive: true })
    await writeFile(hidden, 'secret')
    await symlink(hidden, path.join(dirs.dataRoot, 'innocent.txt'))
    const server = await startTestServer(dirs)
    try {
      const socket = await openSocket(server.url)
      const { events } = await startAndWatch(socket, { graph: readFileGraph('innocent.txt') })
      socket.close()
      const end = events.at(-1)
      const message = end?.type === 'run:failed' ? end.message : ''
      expect(message).toMatch(/path: expected a path inside the data roots, found "innocent.txt", which is outside the data roots/)
      expect(message).not.toContain('secret-name')
      expect(message).not.toContain(dirs.root)
    } finally {
      await server.close()
    }
  })

  it('hands the node the checked real path, so a link re-pointed after the check is not followed', async () => {
    const v1 = path.join(dirs.dataRoot, 'v1')
    await mkdir(v1, { recursive: true })
    await writeFile(path.join(v1, 'image.txt'), 'inside')
    const outside = path.join(dirs.root, 'elsewhere')
    await mkdir(outside, { recursive: true })
    await writeFile(path.join(outside, 'image.txt'), 'outside')
    const current = path.join(dirs.dataRoot, 'current')
    await symlink(v1, current)
    const resolved = createPathResolver(dirs.dataRoot, [dirs.dataRoot])('current/image.txt', 'path')
    // swapped between the check and the open
    await rename(current, `${current}.old`)
    await symlink(outside, current)
    expect(await readFile(resolved, 'utf8')).toBe('inside')
  })
})

describe('at start, the server owning a data dir', () => {
  it('sweeps temporary entries and files of writers that are gone, and keeps a live writer’s', async () => {
    const own = await makeTestDirs()
    const tmpDir = path.join(own.dataDir, 'cache', '.tmp')
    const deadEntry = path.join(tmpDir, `${'d'.repeat(64)}-${deadPid()}-0a1b2c3d`)
    const liveEntry = path.join(tmpDir, `${'e'.repeat(64)}-${process.ppid}-0a1b2c3d`)
    await mkdir(deadEntry, { recursive: true })
    await writeFile(path.join(deadEntry, 'tensors.safetensors'), Buffer.alloc(1024))
    await mkdir(liveEntry, { recursive: true })
    await mkdir(own.graphsDir, { recursive: true })
    await writeFile(path.join(own.graphsDir, 'g.json.0123456789ab.tmp'), '{"half')
    const server = await startTestServer(own)
    try {
      expect(await readdir(tmpDir)).toEqual([path.basename(liveEntry)])
      expect(await readdir(own.graphsDir)).toEqual([])
    } finally {
      await server.close()
      await removeTestDirs(own)
    }
  })

  it('keeps only the newest ended runs under a retention setting, and the prune command does the same', async () => {
    const own = await makeTestDirs()
    await mkdir(own.dataRoot, { recursive: true })
    await writeFile(path.join(own.dataRoot, 'a.txt'), 'a')
    const first = await startTestServer(own)
    const socket = await openSocket(first.url)
    const ids: string[] = []
    for (let i = 0; i < 4; i++) ids.push((await startAndWatch(socket, { graph: readFileGraph('a.txt') })).runId)
    socket.close()
    await first.close()

    const second = await startTestServer(own, { runRetention: { keep: 3 } })
    expect(second.store.list().map((r) => r.runId)).toEqual(ids.slice(1).reverse())
    const refused = captureIo(own.root)
    expect(await main(['prune-runs', '--data-dir', own.dataDir, '--keep', '1'], refused.io)).toBe(1)
    expect(refused.err()).toMatch(new RegExp(`in use by inspectflow pid ${process.pid}`))
    await second.close()

    const dry = captureIo(own.root)
    expect(await main(['prune-runs', '--data-dir', own.dataDir, '--keep', '1', '--dry-run'], dry.io)).toBe(0)
    expect(dry.out()).toMatch(/2 run folder\(s\) would be removed/)
    const pruned = captureIo(own.root)
    expect(await main(['prune-runs', '--data-dir', own.dataDir, '--keep', '1'], pruned.io)).toBe(0)
    expect((await readdir(path.join(own.dataDir, 'runs'))).sort()).toEqual([ids[3]])
    await expect(stat(path.join(own.dataDir, 'server.lock'))).rejects.toThrow()
    const usage = captureIo(own.root)
    expect(await main(['prune-runs', '--keep', 'many'], usage.io)).toBe(2)
    expect(usage.err()).toMatch(/--keep: expected an integer >= 0, found "many"/)
    await removeTestDirs(own)
  })
})

describe('retention while the server runs', () => {
  it('forgets and deletes the oldest ended run when a new one ends past the setting', async () => {
    const own = await makeTestDirs()
    await mkdir(own.dataRoot, { recursive: true })
    await writeFile(path.join(own.dataRoot, 'a.txt'), 'a')
    const server = await startTestServer(own, { runRetention: { keep: 2 } })
    try {
      const socket = await openSocket(server.url)
      const ids: string[] = []
      for (let i = 0; i < 3; i++) ids.push((await startAndWatch(socket, { graph: readFileGraph('a.txt') })).runId)
      socket.close()
      const deadline = Date.now() + 5000
      while (server.store.list().length > 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
      expect(server.store.list().map((r) => r.runId)).toEqual([ids[2], ids[1]])
      await server.store.flush()
      expect((await readdir(path.join(own.dataDir, 'runs'))).sort()).toEqual([ids[1], ids[2]].sort())
    } finally {
      await server.close()
      await removeTestDirs(own)
    }
  })
})
