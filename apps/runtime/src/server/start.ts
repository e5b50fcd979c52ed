import { checkRedisReachable, describeQueueUrl, QueueUrlError } from '../queue/redis-url'
import { createServer, type RunningServer, ServerConfigError } from './create-server'
import { ensureEditorBuilt } from './ensure-editor-built'
import { parseServeArgs, type ServeArgs, SERVE_USAGE, ServeUsageError } from './serve-args'
import { stderrLogger } from './server-options'

/** Name of the template `start --demo` runs and the start banner points at. */
export const DEMO_GRAPH = 'demo'

function say(line: string): void {
  process.stdout.write(`${line}\n`)
}

/** A run that throws outside the executor's own handling is logged; the server stays up. */
function keepServerAlive(): void {
  process.on('unhandledRejection', (reason) => stderrLogger.error(`unhandled rejection: ${String(reason)}`))
  process.on('uncaughtException', (error) => stderrLogger.error(`uncaught exception: ${error.stack ?? error.message}`))
}

function waitForShutdown(server: RunningServer): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false
    const stop = (): void => {
      // stays installed while closing: one Ctrl-C can arrive twice (bin/huge-pages.mjs forwards it),
      // and the default action of the second would end the process before the close has finished
      if (stopping) return
      stopping = true
      void server.close().then(() => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        resolve(0)
      })
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

async function startDemoRun(server: RunningServer): Promise<void> {
  const response = await fetch(`${server.url}/api/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(process.env.INSPECTFLOW_TOKEN ? { authorization: `Bearer ${process.env.INSPECTFLOW_TOKEN}` } : {}) },
    body: JSON.stringify({ graphName: DEMO_GRAPH }),
  })
  const body = (await response.json()) as { runId?: string; error?: { message: string } }
  if (body.runId) say(`Demo run ${body.runId} queued; watch it in the editor.`)
  else stderrLogger.warn(`the demo run did not start: ${body.error?.message ?? response.statusText}`)
}

async function launch(args: ServeArgs): Promise<RunningServer> {
  if (args.mode === 'start' && args.build && !(await ensureEditorBuilt())) {
    stderrLogger.warn('the editor could not be built; serving the API with a page that says how to build it')
  }
  if (args.queue) await checkRedisReachable(args.queue.url)
  return createServer({
    host: args.host,
    port: args.port,
    token: process.env.INSPECTFLOW_TOKEN || undefined,
    dataDir: args.dataDir,
    graphsDir: args.graphsDir,
    templatesDir: args.templatesDir,
    dataRoots: args.dataRoots.length > 0 ? args.dataRoots : undefined,
    runRetention: args.runRetention,
    queue: args.queue,
  })
}

function explainStartFailure(error: unknown, args: ServeArgs): string {
  const code = (error as { code?: string }).code
  if (code === 'EADDRINUSE') return `port ${args.port} on ${args.host} is already in use; pass --port with another port (0 picks a free one)`
  if (code === 'EADDRNOTAVAIL') return `address ${args.host} is not one of this machine's addresses; pass --host 127.0.0.1`
  return error instanceof Error ? error.message : String(error)
}

/**
 * `inspectflow serve` and `inspectflow start` (argv starts with the command word; without one it is
 * `serve`). `start` also builds the editor when it is missing, prints where to open the demo graph and,
 * with `--demo`, queues a run of it. Resolves with the exit code once the server has shut down.
 */
export async function serveCommand(argv: string[]): Promise<number> {
  let args: ServeArgs
  try {
    args = parseServeArgs(argv)
  } catch (error) {
    if (!(error instanceof ServeUsageError)) throw error
    process.stderr.write(`inspectflow: ${error.message}\n`)
    return 2
  }
  if (args.help) {
    say(SERVE_USAGE)
    return 0
  }
  let server: RunningServer
  try {
    server = await launch(args)
  } catch (error) {
    const known = error instanceof ServerConfigError || error instanceof QueueUrlError || (error as { code?: string }).code !== undefined
    process.stderr.write(`inspectflow: ${known ? explainStartFailure(error, args) : String(error)}\n`)
    return 1
  }
  keepServerAlive()
  say(`InspectFlow is running at ${server.url}/`)
  if (args.queue) say(`Runs are queued in Redis at ${describeQueueUrl(args.queue.url)}; start workers with: inspectflow worker --queue ${describeQueueUrl(args.queue.url)}`)
  if (args.mode === 'start') say(`Open the demo graph: ${server.url}/?graph=${DEMO_GRAPH}`)
  if (args.demo) await startDemoRun(server)
  return waitForShutdown(server)
}

/** `inspectflow start [options]`: serveCommand in start mode. */
export function startCommand(argv: string[]): Promise<number> {
  return serveCommand(['start', ...argv])
}
