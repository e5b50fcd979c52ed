import { join, resolve } from 'node:path'

import { formatProblems, type GraphFile, loadGraph } from '@inspectflow/graph-schema'
import { createEngines } from '@inspectflow/nodes'

import { GridError, type ResolvedAxis, resolveGrid } from '../sweep/resolve-grid'
import { runSweep } from '../sweep/run-sweep'
import { type GridAxis } from '../sweep/sweep-grid'
import { loadPreset } from '../sweep/sweep-presets'
import { writeCompare } from '../sweep/write-compare'
import { type CliIo, EXIT, UsageError } from './cli-io'
import { createPlainPrinter, createTtyPrinter } from './progress-printer'
import { readGraphFile } from './read-graph-file'
import { parseSweepArgs, type SweepArgs } from './sweep-args'
import { createSweepPrinter } from './sweep-printer'

/**
 * `inspectflow sweep GRAPH --grid NAME=v1,v2 ... --out DIR` (or `--preset NAME`): runs every combination
 * of the grid over one cache, prints progress for the sweep and each run, and writes compare.json and
 * compare.html into DIR. Exit 0 when every run finished, 1 when one failed, 2 for a bad grid or graph,
 * 130 when cancelled.
 */
export async function sweepCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseSweepArgs(argv)
  const { graphPath, axes: gridAxes, presetSet } = await sweepInputs(args)
  const file = await readGraphFile(io.cwd, graphPath)
  const overrides = { ...presetSet, ...args.overrides }
  const loaded = loadGraph(file.text, io.registry.catalog, { overrides })
  if (!loaded.ok) {
    io.stderr.write(`inspectflow sweep: ${graphPath} is invalid:\n${formatProblems(loaded.problems)}\n`)
    return EXIT.usage
  }
  const axes = resolveAxes(gridAxes, loaded.graph, io)
  const outDir = resolve(io.cwd, args.outDir)
  const controller = new AbortController()
  const removeHandler = io.onInterrupt(() => {
    if (controller.signal.aborted) process.exit(EXIT.cancelled)
    io.stderr.write('\ncancelling the sweep (Ctrl-C again to quit at once)...\n')
    controller.abort()
  })
  const printer = createSweepPrinter(io.stdout, () => (io.stdout.isTTY ? createTtyPrinter(io.stdout) : createPlainPrinter(io.stdout)))
  try {
    const report = await runSweep({
      graph: loaded.graph,
      axes,
      overrides,
      registry: io.registry,
      engines: createEngines({ threads: args.threads }),
      cacheDir: resolve(io.cwd, args.cacheDir ?? io.env.INSPECTFLOW_CACHE ?? join('.inspectflow', 'cache')),
      artifactRoot: join(outDir, 'runs'),
      baseDir: io.cwd,
      seed: args.seed,
      signal: controller.signal,
      onEvent: (event) => printer.onEvent(event),
    })
    const written = await writeCompare(report, outDir)
    io.stdout.write(`wrote ${written.join(', ')}\n`)
    if (controller.signal.aborted) return EXIT.cancelled
    return report.runs.every((run) => run.status === 'finished') ? EXIT.ok : EXIT.runFailed
  } finally {
    removeHandler()
    printer.close()
  }
}

/** The graph file and grid: from the command line, or a preset's with the command line's --grid added. */
async function sweepInputs(args: SweepArgs): Promise<{ graphPath: string; axes: GridAxis[]; presetSet: Record<string, unknown> }> {
  if (!args.preset) return { graphPath: args.graphPath as string, axes: args.grid, presetSet: {} }
  let preset
  try {
    preset = await loadPreset(args.preset)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  // a --grid on the command line replaces the preset's axis of the same name
  const names = new Set(args.grid.map((axis) => axis.name))
  const axes = [...preset.axes.filter((axis) => !names.has(axis.name)), ...args.grid]
  return { graphPath: args.graphPath ?? preset.graphPath, axes, presetSet: preset.preset.set ?? {} }
}

function resolveAxes(axes: GridAxis[], graph: GraphFile, io: CliIo): ResolvedAxis[] {
  try {
    return resolveGrid(axes, graph, io.registry)
  } catch (error) {
    if (error instanceof GridError) throw new UsageError(error.message)
    throw error
  }
}
