import { mkdir, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { makeTestDirs, removeTestDirs, startTestServer, type TestDirs } from '../../../test/test-server'
import type { RunningServer } from '../create-server'
import type { FsListing } from '@inspectflow/graph-schema'

let dirs: TestDirs
let server: RunningServer
let tokenServer: RunningServer
const TOKEN = 'fs-listing-token'

beforeAll(async () => {
  dirs = await makeTestDirs()
  // inputs/ (the data root): datasets/bottle/{train/good/a.png, readme.txt}, .hidden, and two links
  await mkdir(path.join(dirs.dataRoot, 'datasets/bottle/train/good'), { recursive: true })
  await writeFile(path.join(dirs.dataRoot, 'datasets/bottle/train/good/a.png'), 'png')
  await writeFile(path.join(dirs.dataRoot, 'datasets/bottle/readme.txt'), 'hello')
  await writeFile(path.join(dirs.dataRoot, '.hidden'), 'x')
  await mkdir(path.join(dirs.root, 'outside-secret'), { recursive: true })
  await writeFile(path.join(dirs.root, 'outside-secret/key.txt'), 'secret')
  await symlink(path.join(dirs.root, 'outside-secret'), path.join(dirs.dataRoot, 'escape'))
  await symlink(path.join(dirs.dataRoot, 'datasets/bottle'), path.join(dirs.dataRoot, 'bottle-link'))
  server = await startTestServer(dirs)
  tokenServer = await startTestServer(dirs, { token: TOKEN, dataDir: path.join(dirs.root, 'data-token') })
})

afterAll(async () => {
  await server?.close()
  await tokenServer?.close()
  await removeTestDirs(dirs)
})

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers })
const list = (root: string, rel: string) => `${server.url}/api/fs?root=${encodeURIComponent(root)}&path=${encodeURIComponent(rel)}`

describe('GET /api/fs (the path picker)', () => {
  it('names the data roots, and lists folders first with the value a graph param takes', async () => {
    const roots = (await (await get(`${server.url}/api/fs`)).json()) as { roots: { name: string; path: string }[] }
    expect(roots.roots).toEqual([{ name: 'inputs', path: expect.stringMatching(/inputs$/) }])
    const response = await get(list('inputs', 'datasets/bottle'))
    expect(response.status).toBe(200)
    const body = (await response.json()) as FsListing
    expect(body.entries.map((e) => [e.name, e.kind, e.value])).toEqual([
      ['train', 'folder', 'datasets/bottle/train'],
      ['readme.txt', 'file', 'datasets/bottle/readme.txt'],
    ])
    expect(body.value).toBe('datasets/bottle')
  })

  it('leaves out hidden entries and links that lead out of the root, keeps links that stay inside', async () => {
    const body = (await (await get(list('inputs', ''))).json()) as FsListing
    expect(body.entries.map((e) => e.name)).toEqual(['bottle-link', 'datasets'])
  })

  it.each([
    ['..', 400],
    ['datasets/../..', 400],
    ['/etc', 400],
    ['datasets\\..\\..', 400],
    ['escape', 403],
    ['escape/', 403],
  ])('refuses path %j with %i, and never says where a link leads', async (rel, status) => {
    const response = await get(list('inputs', rel))
    expect(response.status).toBe(status)
    const body = (await response.json()) as { error: { message: string } }
    expect(body.error.message).not.toContain('outside-secret')
    expect(JSON.stringify(body)).not.toContain('key.txt')
  })

  it('refuses an unknown root (404), several path parameters (400) and another origin (403)', async () => {
    expect((await get(`${server.url}/api/fs?root=etc&path=`)).status).toBe(404)
    expect((await get(`${server.url}/api/fs?root=inputs&path=a&path=b`)).status).toBe(400)
    expect((await get(list('inputs', ''), { origin: 'http://evil.example' })).status).toBe(403)
    expect((await get(list('inputs', ''), { 'sec-fetch-site': 'cross-site' })).status).toBe(403)
  })

  it('asks for the token like every other route when one is set', async () => {
    expect((await get(`${tokenServer.url}/api/fs?root=inputs&path=`)).status).toBe(401)
    const ok = await get(`${tokenServer.url}/api/fs?root=inputs&path=`, { authorization: `Bearer ${TOKEN}` })
    expect(ok.status).toBe(200)
  })
})
