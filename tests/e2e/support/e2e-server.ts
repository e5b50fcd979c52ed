import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { createEngines, createRegistry } from '@inspectflow/nodes'

import { allNodeDefinitions, allNodeMigrations } from '../../../packages/nodes/src/nodes/index'
import { createServer, type RunningServer } from '../../../apps/runtime/src/server/create-server'
import { stubNodes } from '../../../apps/runtime/test/server-stub-nodes'
import { EDITOR_DIST, REPO_ROOT } from './editor-build'

/** A real runtime server serving the built editor, with its folders in a temp dir. */
export interface E2eServer {
  server: RunningServer
  url: string
  dirs: { root: string; templatesDir: string; graphsDir: string; dataDir: string }
  close(): Promise<void>
}

/**
 * Starts the real server in-process on port 0 over the real nodes plus the runtime's small test nodes
 * (test.source, test.slow, ...), so UI scenarios run in milliseconds; templates are a copy of graphs/.
 */
export async function startE2eServer(): Promise<E2eServer> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'inspectflow-e2e-'))
  const dirs = { root, templatesDir: path.join(root, 'templates'), graphsDir: path.join(root, 'graphs'), dataDir: path.join(root, 'data') }
  cpSync(path.join(REPO_ROOT, 'graphs'), dirs.templatesDir, { recursive: true })
  const server = await createServer({
    host: '127.0.0.1',
    port: 0,
    ...dirs,
    dataRoots: [root, REPO_ROOT],
    baseDir: root,
    registry: createRegistry([...allNodeDefinitions, ...stubNodes], allNodeMigrations),
    engines: createEngines(),
    editorDir: EDITOR_DIST,
    logger: { warn: () => {}, error: () => {} },
  })
  return {
    server,
    url: server.url,
    dirs,
    close: async () => {
      await server.close()
      rmSync(root, { recursive: true, force: true })
    },
  }
}
