import path from 'node:path'
import { parseArgs } from 'node:util'

import { KNOWN_WEIGHTS, knownWeights, readWeightsIndex, type StoredWeights, storeWeightsFile, weightsStoreDir } from '@inspectflow/nodes'

import { downloadProgress } from '../weights/download-progress'
import { PullError, pullTarget, pullWeights } from '../weights/pull-weights'
import { type CliIo, EXIT, UsageError } from './cli-io'

type Arch = StoredWeights['arch']
const ARCHS: readonly Arch[] = ['resnet18', 'wide_resnet50_2']

interface WeightsOptions {
  json?: boolean
  url?: string
  arch?: string
}

function parse(argv: string[]): { positionals: string[]; values: WeightsOptions } {
  try {
    return parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, url: { type: 'string' }, arch: { type: 'string' } },
      strict: true,
      allowPositionals: true,
    })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

/** The architecture of NAME: `--arch`, else the known store name's (resnet18, wide_resnet50_2). */
function archFor(name: string, given: string | undefined): Arch {
  if (given !== undefined) {
    if (!ARCHS.includes(given as Arch)) throw new UsageError(`--arch: expected one of ${ARCHS.join(', ')}, found "${given}"`)
    return given as Arch
  }
  const known = knownWeights(name)
  if (!known) throw new UsageError(`"${name}" is not a known weights name (${KNOWN_WEIGHTS.map((k) => k.name).join(', ')}): give its architecture with --arch ${ARCHS.join('|')}`)
  return known.arch
}

const describeEntry = (e: StoredWeights): string =>
  `${e.name} (${e.arch}, conv1..${e.deepestStage}, ${(e.bytes / 1e6).toFixed(1)} MB, sha256 ${e.sha256.slice(0, 16)}...)`

async function list(io: CliIo, store: string, json: boolean): Promise<number> {
  const entries = await readWeightsIndex(store)
  if (json) {
    io.stdout.write(`${JSON.stringify({ store, entries }, null, 2)}\n`)
    return EXIT.ok
  }
  if (entries.length === 0) {
    io.stdout.write(`no weights in ${store}\nGet some with "inspectflow weights pull resnet18" or "inspectflow weights add NAME FILE".\n`)
    return EXIT.ok
  }
  io.stdout.write(`weights in ${store}:\n`)
  for (const e of entries) io.stdout.write(`  ${e.name.padEnd(18)} ${e.arch.padEnd(16)} conv1..${e.deepestStage}  ${(e.bytes / 1e6).toFixed(1).padStart(7)} MB  sha256 ${e.sha256.slice(0, 16)}  added ${e.addedAt}  from ${e.source}\n`)
  return EXIT.ok
}

async function add(io: CliIo, store: string, args: { name: string; file: string; arch: Arch }): Promise<number> {
  const file = path.resolve(io.cwd, args.file)
  try {
    const entry = await storeWeightsFile(store, { name: args.name, arch: args.arch, file, source: file })
    io.stdout.write(`stored ${describeEntry(entry)} in ${store}\n`)
    return EXIT.ok
  } catch (error) {
    io.stderr.write(`inspectflow weights add: ${(error as Error).message}\n`)
    return EXIT.runFailed
  }
}

async function pull(io: CliIo, store: string, args: { name: string; url?: string; arch: Arch }): Promise<number> {
  const target = pullTarget(args.name, args.url)
  if (!target) throw new UsageError(`no download is known for "${args.name}": give --url URL (known: ${KNOWN_WEIGHTS.map((k) => k.name).join(', ')})`)
  io.stdout.write(`downloading ${args.name} from ${target.url}\n`)
  const progress = downloadProgress(io.stdout, args.name)
  try {
    const entry = await pullWeights({ name: args.name, arch: args.arch, ...target, storeDir: store, onProgress: (b, t) => progress.update(b, t) })
    progress.finish()
    io.stdout.write(`stored ${describeEntry(entry)} in ${store}\n`)
    return EXIT.ok
  } catch (error) {
    progress.finish()
    if (!(error instanceof PullError)) throw error
    io.stderr.write(`inspectflow weights pull: ${error.message}\n`)
    return EXIT.runFailed
  }
}

/** Checks the positional count of a subcommand. */
function operands(positionals: string[], count: number, usage: string): string[] {
  if (positionals.length !== count) throw new UsageError(`expected "inspectflow weights ${usage}", found ${positionals.length} operand(s)`)
  return positionals
}

/**
 * `inspectflow weights list [--json] | add NAME FILE [--arch A] | pull NAME [--url URL] [--arch A]`:
 * the weights store in `$INSPECTFLOW_WEIGHTS` (default `.inspectflow/weights`) that
 * backbone.pretrained reads by name.
 */
export async function weightsCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv
  const { positionals, values } = parse(rest)
  const store = weightsStoreDir(io.env, io.cwd)
  if (sub === 'list') {
    operands(positionals, 0, 'list [--json]')
    return list(io, store, values.json === true)
  }
  if (sub === 'add') {
    const [name, file] = operands(positionals, 2, 'add NAME FILE [--arch resnet18|wide_resnet50_2]') as [string, string]
    return add(io, store, { name, file, arch: archFor(name, values.arch) })
  }
  if (sub === 'pull') {
    const [name] = operands(positionals, 1, 'pull NAME [--url URL]') as [string]
    return pull(io, store, { name, url: values.url, arch: archFor(name, values.arch) })
  }
  throw new UsageError(`weights: expected a subcommand list, add or pull, found ${sub === undefined ? 'none' : `"${sub}"`}`)
}
