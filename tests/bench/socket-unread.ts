/**
 * Memory a client that never reads can make the server hold (`npx tsx tests/bench/socket-unread.ts [N]`):
 * one finished run with a ~40 KB record, then a client that stops reading its socket and sends N
 * `subscribe` messages for that run (default 20,000). Prints the process RSS before and after, and
 * whether the server still holds the socket. Server and client share this process; the client's own
 * outgoing messages are about 60 bytes each.
 */
import type { GraphFile } from '@inspectflow/graph-schema'

import { makeTestDirs, openSocket, removeTestDirs, startAndWatch, startTestServer } from '../../apps/runtime/test/test-server'

const count = Number(process.argv[2] ?? 20_000)
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`

function wideGraph(): GraphFile {
  const nodes = Array.from({ length: 400 }, (_, i) => ({ id: `source-with-a-long-descriptive-id-${String(i).padStart(4, '0')}`, type: 'test.source', typeVersion: 1, params: { value: i } }))
  return { schemaVersion: 1, name: 'wide', nodes, edges: [] }
}

const dirs = await makeTestDirs()
const server = await startTestServer(dirs)
try {
  const watcher = await openSocket(server.url)
  const { runId } = await startAndWatch(watcher, { graph: wideGraph() })
  watcher.close()
  const record = JSON.stringify(server.runs.get(runId)).length
  global.gc?.()
  const before = process.memoryUsage().rss
  const client = await openSocket(server.url)
  ;(client.io.engine.transport as unknown as { ws: { _socket: { pause(): void } } }).ws._socket.pause()
  for (let i = 0; i < count; i++) client.emit('subscribe', { runId })
  await new Promise((resolve) => setTimeout(resolve, 3000))
  const after = process.memoryUsage().rss
  const held = server.io.of('/').sockets.size
  process.stdout.write(`record ${(record / 1024).toFixed(0)} KB, ${count} subscribes from a client that never reads\n`)
  process.stdout.write(`rss before ${mib(before)}, after ${mib(after)} (+${mib(after - before)}); server still holds ${held} socket(s)\n`)
  client.close()
} finally {
  await server.close()
  await removeTestDirs(dirs)
}
