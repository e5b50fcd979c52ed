// A server in a child process for the kill -9 probes: starts a slow run, says so on stdout once its
// slow node is working, then serves until it is killed. argv[2] is the TestDirs JSON.
import { chainGraph } from '../../../test/server-graphs'
import { startTestServer, type TestDirs, waitForRecord } from '../../../test/test-server'

const dirs = JSON.parse(process.argv[2] ?? '{}') as TestDirs
const server = await startTestServer(dirs)
const res = await fetch(`${server.url}/api/runs`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ graph: chainGraph({ batches: 10_000, delayMs: 5 }) }),
})
const { runId } = (await res.json()) as { runId: string }
await waitForRecord(server, runId, (record) => (record.nodeStates.slow?.done ?? 0) > 3)
// the log is written behind the in-memory record: wait until the progress so far is on disk
await server.store.flush(runId)
process.stdout.write(`READY ${runId} ${server.url}\n`)
