import { parseArgs } from 'node:util'

import { parseGridArg, type GridAxis } from '../sweep/sweep-grid'
import { UsageError } from './cli-io'
import { parseOverrides } from './run-args'

/** The options of `inspectflow sweep`. */
export interface SweepArgs {
  graphPath?: string
  preset?: string
  grid: GridAxis[]
  overrides: Record<string, string>
  outDir: string
  cacheDir?: string
  seed?: number
  threads?: number
}

/** Parses `sweep GRAPH|--preset NAME [--grid N=v1,v2]... [--set k=v]... --out DIR [--cache DIR] [--seed N] [--threads N]`. */
export function parseSweepArgs(argv: string[]): SweepArgs {
  let parsed: ReturnType<typeof parseRaw>
  try {
    parsed = parseRaw(argv)
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const { values, positionals } = parsed
  if (positionals.length > 1) throw new UsageError(`sweep takes one GRAPH, got ${positionals.length}: ${positionals.join(' ')}`)
  if (!positionals[0] && !values.preset) throw new UsageError('sweep needs a GRAPH file or --preset NAME')
  if (!values.out) throw new UsageError('sweep needs --out DIR for compare.json and compare.html')
  let grid: GridAxis[]
  try {
    grid = (values.grid ?? []).map(parseGridArg)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  if (grid.length === 0 && !values.preset) throw new UsageError('sweep needs at least one --grid NAME=v1,v2,... (a graph param or nodeId.param)')
  return {
    ...(positionals[0] ? { graphPath: positionals[0] } : {}),
    ...(values.preset ? { preset: values.preset } : {}),
    grid,
    overrides: parseOverrides(values.set ?? []),
    outDir: values.out,
    cacheDir: values.cache,
    seed: optionalInteger(values.seed, '--seed', 0),
    threads: optionalInteger(values.threads, '--threads', 1),
  }
}

function parseRaw(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      preset: { type: 'string' },
      grid: { type: 'string', multiple: true },
      set: { type: 'string', multiple: true },
      out: { type: 'string' },
      cache: { type: 'string' },
      seed: { type: 'string' },
      threads: { type: 'string' },
    },
  })
}

function optionalInteger(text: string | undefined, flag: string, minimum: number): number | undefined {
  if (text === undefined) return undefined
  const value = Number(text)
  if (!Number.isInteger(value) || value < minimum) throw new UsageError(`${flag} expects an integer >= ${minimum}, got "${text}"`)
  return value
}
