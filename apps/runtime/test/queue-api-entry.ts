// A real API node process for the scale-out tests: the server over the stub nodes with `--queue`.
// argv: REDIS_URL DATA_DIR STORE_DIR [retry|fail]; prints `listening <url>` once up, stops on SIGTERM.
import { createEngines, createRegistry } from '@inspectflow/nodes'

import { createServer } from '../src/server/create-server'
import { GPU_TEST_NODE_TYPES, queueStubNodes } from './queue-stub-nodes'

const [url, dataDir, storeDir, policy] = process.argv.slice(2) as [string, string, string, string | undefined]
const server = await createServer({
  host: '127.0.0.1',
  port: 0,
  dataDir,
  templatesDir: dataDir,
  dataRoots: [dataDir],
  baseDir: dataDir,
  registry: createRegistry(queueStubNodes),
  engines: createEngines({ provider: 'cpu' }),
  editorDir: null,
  limits: { maxWaitingRuns: 10_000, socketMessagesPerSecond: 10_000, socketMessageBurst: 10_000 },
  logger: { warn: (m) => process.stderr.write(`api: ${m}\n`), error: (m) => process.stderr.write(`api: error: ${m}\n`) },
  queue: { url, storeDir, onWorkerLost: policy === 'fail' ? 'fail' : 'retry', gpuNodeTypes: GPU_TEST_NODE_TYPES },
})
process.stdout.write(`listening ${server.url}\n`)
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)))
