import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'

import { createEngines } from '@inspectflow/nodes'

import { executeGraph } from '../executor/execute-graph'
import type { RunResult } from '../executor/run-options'
import { type CliIo, EXIT } from './cli-io'
import { metricsTable } from './metrics-table'
import { createPlainPrinter, createTtyPrinter } from './progress-printer'
import { readGraphFile } from './read-graph-file'
import { type RunArgs, parseRunArgs } from './run-args'
import { writeRunOutputs } from './write-run-outputs'

/**
 * `inspectflow run GRAPH ...`: runs a graph headlessly with progress, prints the metrics table, writes
 * the outputs asked for, and cancels cleanly on Ctrl-C. Exit 0 ok, 1 run failed, 2 invalid graph, 130
 * cancelled.
 */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseRunArgs(argv)
  const file = await readGraphFile(io.cwd, args.graphPath)
  const runId = `cli-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(2).toString('hex')}`
  const artifactDir = join(io.cwd, '.inspectflow', 'runs', runId)
  const printer = io.stdout.isTTY ? createTtyPrinter(io.stdout) : createPlainPrinter(io.stdout)
  const controller = new AbortController()
  const removeHandler = io.onInterrupt(() => interrupt(controller, io))
  let result: RunResult
  try {
    result = await executeGraph({
      runId,
      graph: file.text,
      registry: io.registry,
      engines: createEngines({ threads: args.threads }),
      overrides: args.overrides,
      targets: args.targets,
      cacheDir: cacheDirOf(args, io),
      artifactDir,
      // relative paths in params resolve against the working directory, as a shell user expects of
      // `--set dataRoot=...` and as the server does, so a graph behaves the same in both
      baseDir: io.cwd,
      seed: args.seed,
      signal: controller.signal,
      onEvent: (event) => printer.onEvent(event),
    })
  } finally {
    removeHandler()
    printer.close()
  }
  return finish(result, { args, io, artifactDir })
}

/** First Ctrl-C cancels the run cleanly; a second one leaves at once. */
function interrupt(controller: AbortController, io: CliIo): void {
  if (controller.signal.aborted) process.exit(EXIT.cancelled)
  io.stderr.write('\ncancelling (Ctrl-C again to quit at once)...\n')
  controller.abort()
}

function cacheDirOf(args: RunArgs, io: CliIo): string {
  return resolve(io.cwd, args.cacheDir ?? io.env.INSPECTFLOW_CACHE ?? join('.inspectflow', 'cache'))
}

interface FinishContext {
  args: RunArgs
  io: CliIo
  artifactDir: string
}

async function finish(result: RunResult, { args, io, artifactDir }: FinishContext): Promise<number> {
  if (result.status === 'cancelled') return EXIT.cancelled
  if (result.status === 'failed') {
    // the printer already showed the failure; an invalid graph is a usage-class error
    return result.error?.problems ? EXIT.usage : EXIT.runFailed
  }
  const metrics = outputsOfType(result, io, 'Metrics')
  for (const [name, value] of Object.entries(metrics)) io.stdout.write(`\n${name}\n${metricsTable(value)}`)
  // a report's summary carries the decisions on new images, what a line operator runs the graph for
  for (const [name, value] of Object.entries(outputsOfType(result, io, 'Report'))) io.stdout.write(`\n${name}: ${(value as { summary?: string }).summary ?? ''}\n`)
  if (args.outDir) {
    const outDir = resolve(io.cwd, args.outDir)
    const written = await writeRunOutputs({ outDir, outputs: result.outputs, metrics, artifactDir })
    io.stdout.write(`\nwrote ${written.join(', ')}\n`)
  }
  return EXIT.ok
}

/** The run's outputs of one socket type, by `nodeId.port`. */
function outputsOfType(result: RunResult, io: CliIo, socketType: string): Record<string, unknown> {
  const metrics: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(result.outputs)) {
    const dot = name.lastIndexOf('.')
    const node = result.graph?.nodes.find((candidate) => candidate.id === name.slice(0, dot))
    const definition = node ? io.registry.get(node.type, node.typeVersion) : undefined
    if (definition?.outputs[name.slice(dot + 1)]?.type === socketType) metrics[name] = value
  }
  return metrics
}
