import type { GraphFile } from '@inspectflow/graph-schema'
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { RunningServer } from '../create-server'
import { makeTestDirs, openSocket, removeTestDirs, startAndWatch, startTestServer, type TestDirs } from '../../../test/test-server'

// Probes of issue 14 item 2 (sockets): a client that never reads cannot make the server hold its output,
// repeated subscribes do not resend the record, and a flood of messages is cut off.

let dirs: TestDirs
let server: RunningServer
let bigRunId: string

/** A finished run whose record is large: 400 nodes with long ids, about 40 KB of node states. */
function wideGraph(): GraphFile {
  const nodes = Array.from({ length: 400 }, (_, i) => ({ id: `source-with-a-long-descriptive-id-${String(i).padStart(4, '0')}`, type: 'test.source', typeVersion: 1, params: { value: i } }))
  return { schemaVersion: 1, name: 'wide', nodes, edges: [] }
}

beforeAll(async () => {
  dirs = await makeTestDirs()
  // rate limit out of the way: these probes are about output, the flood probe has a server of its own
  server = await startTestServer(dirs, { limits: { maxSocketBufferedBytes: 1024 * 1024, socketMessagesPerSecond: 100_000, socketMessageBurst: 100_000 } })
  const socket = await openSocket(server.url)
  bigRunId = (await startAndWatch(socket, { graph: wideGraph() })).runId
  socket.close()
})

afterAll(async () => {
  await server.close()
  await removeTestDirs(dirs)
})

function connectedSockets(): number {
  return server.io.of('/').sockets.size
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (check()) return true
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return check()
}

/** Stops reading the socket's TCP connection, as a stalled or hostile client does. */
function stopReading(socket: Socket): void {
  const ws = (socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void } } }).ws
  ws._socket.pause()
}

describe('a client that never reads', () => {
  it('is disconnected once its unsent output passes the limit, and its buffers are let go', async () => {
    const socket = await openSocket(server.url)
    expect(await waitFor(() => connectedSockets() === 1, 2000)).toBe(true)
    stopReading(socket)
    // each subscribe after an unsubscribe sends the whole 40 KB record again
    for (let i = 0; i < 400; i++) {
      socket.emit('unsubscribe', { runId: bigRunId })
      socket.emit('subscribe', { runId: bigRunId })
    }
    const dropped = await waitFor(() => connectedSockets() === 0, 15_000)
    socket.close()
    expect(dropped).toBe(true)
  })
})

describe('subscribes and message floods', () => {
  it('sends the record once however often a socket subscribes to the same run', async () => {
    const socket = await openSocket(server.url)
    let states = 0
    socket.on('run:state', () => states++)
    for (let i = 0; i < 50; i++) await socket.emitWithAck('subscribe', { runId: bigRunId })
    socket.close()
    expect(states).toBe(1)
  })

  it('answers rate_limited past the burst, and disconnects a socket that keeps flooding', async () => {
    // a slow rate, so that a loaded machine taking seconds over the messages refills few tokens
    const strictDirs = await makeTestDirs()
    const strict = await startTestServer(strictDirs, { limits: { socketMessagesPerSecond: 5, socketMessageBurst: 20 } })
    const socket = await openSocket(strict.url)
    try {
      const answers = await Promise.all(
        Array.from({ length: 300 }, () => socket.timeout(30_000).emitWithAck('subscribe', { runId: 'no-such-run' }) as Promise<{ ok: boolean; error?: { code: string } }>),
      )
      const answered = answers.filter((a) => a.error?.code === 'not_found').length
      expect(answered).toBeGreaterThanOrEqual(20)
      expect(answered).toBeLessThanOrEqual(100)
      expect(answers.filter((a) => a.error?.code === 'rate_limited').length).toBe(300 - answered)
      for (let i = 0; i < 2000; i++) socket.emit('subscribe', { runId: 'no-such-run' })
      expect(await waitFor(() => !socket.connected, 15_000)).toBe(true)
    } finally {
      socket.close()
      await strict.close()
      await removeTestDirs(strictDirs)
    }
  })
})
