// A real worker process for the scale-out tests: `inspectflow worker` over the stub nodes.
// argv: the worker command's own arguments (--queue URL --store DIR ...).
import { createEngines, createRegistry } from '@inspectflow/nodes'

import { processIo } from '../src/cli/cli-io'
import { workerCommand } from '../src/cli/worker-command'
import { queueStubNodes } from './queue-stub-nodes'

const io = { ...processIo(), registry: createRegistry(queueStubNodes) }
process.exitCode = await workerCommand(process.argv.slice(2), io, createEngines({ provider: 'cpu' }))
