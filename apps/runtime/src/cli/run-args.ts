import { parseArgs } from 'node:util'

import { UsageError } from './cli-io'

/** The options of `inspectflow run`. */
export interface RunArgs {
  graphPath: string
  overrides: Record<string, string>
  outDir?: string
  targets: string[]
  cacheDir?: string
  seed?: number
  threads?: number
}

/** Parses `run GRAPH [--set k=v]... [--out DIR] [--target t]... [--cache DIR] [--seed N] [--threads N]`. */
export function parseRunArgs(argv: string[]): RunArgs {
  let parsed: ReturnType<typeof parseRaw>
  try {
    parsed = parseRaw(argv)
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const { values, positionals } = parsed
  if (positionals.length !== 1) {
    throw new UsageError(`run takes exactly one GRAPH, got ${positionals.length}${positionals.length ? `: ${positionals.join(' ')}` : ''}`)
  }
  return {
    graphPath: positionals[0] as string,
    overrides: parseOverrides(values.set ?? []),
    outDir: values.out,
    targets: values.target ?? [],
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
      set: { type: 'string', multiple: true },
      out: { type: 'string' },
      target: { type: 'string', multiple: true },
      cache: { type: 'string' },
      seed: { type: 'string' },
      threads: { type: 'string' },
    },
  })
}

/** `name=value` pairs; the value keeps any further `=`. The graph's param types coerce the strings. */
export function parseOverrides(pairs: string[]): Record<string, string> {
  const overrides: Record<string, string> = {}
  for (const pair of pairs) {
    const at = pair.indexOf('=')
    if (at <= 0) throw new UsageError(`--set expects name=value, got "${pair}"`)
    overrides[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return overrides
}

function optionalInteger(text: string | undefined, flag: string, minimum: number): number | undefined {
  if (text === undefined) return undefined
  const value = Number(text)
  if (!Number.isInteger(value) || value < minimum) throw new UsageError(`${flag} expects an integer >= ${minimum}, got "${text}"`)
  return value
}
