import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** What one `inspectflow bench` invocation runs. */
export interface BenchArgs {
  /** One category in the MVTec AD layout. */
  data: string
  weights: string
  /** Coreset ratio of the memory bank (1 = full bank). */
  coreset: number
  graph: string
  jsonOut: string
  threads: number
  /** Reference scores.json to compare with, when present. */
  reference?: string
  /** Also run threshold, metrics and report (default: stop at the scores). */
  full: boolean
  /** Self-supervised fine-tuning updates before feature extraction (0 = ImageNet weights). */
  finetune: number
}

/** Usage text of `inspectflow bench`. */
export const BENCH_USAGE = `usage: inspectflow bench --data DIR --weights FILE [--coreset R] [--finetune UPDATES] [--graph FILE]
                         [--json-out FILE] [--threads N] [--reference scores.json] [--full]
Runs the REB graph headlessly on one MVTec-layout category with a fresh cache and prints, per stage,
wall time, images/s and peak RSS, then image and pixel AUROC (and, with --finetune, the fine-tuning
img/s and engine); writes the same as JSON (default ./bench-result.json).
`

/** A bad bench command line; the message says which option and what was expected. */
export class BenchUsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BenchUsageError'
  }
}

const DEFAULT_GRAPH = fileURLToPath(new URL('../../../../graphs/reb-mvtec.json', import.meta.url))
// the development fixtures beside the checkout (../shared), used only when they are there
const DEFAULT_REFERENCE = fileURLToPath(new URL('../../../../../shared/fixtures/reference-bottle-r18/scores.json', import.meta.url))

function numberOption(name: string, text: string | undefined, check: (v: number) => boolean, expected: string): number {
  const value = Number(text)
  if (text === undefined || !Number.isFinite(value) || !check(value)) throw new BenchUsageError(`--${name}: expected ${expected}, found ${text ?? 'nothing'}`)
  return value
}

/** Parses `--name value` pairs; relative paths resolve against `cwd`. */
export function parseBenchArgs(argv: string[], cwd: string, cpuCount: number): BenchArgs {
  const values = new Map<string, string>()
  const flags = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (!arg.startsWith('--')) throw new BenchUsageError(`unexpected argument "${arg}"`)
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined]
    if (name === 'full') flags.add(name)
    else if (inline !== undefined) values.set(name, inline)
    else values.set(name, argv[++i] ?? '')
  }
  const known = new Set(['data', 'weights', 'coreset', 'finetune', 'graph', 'json-out', 'threads', 'reference'])
  for (const name of values.keys()) if (!known.has(name)) throw new BenchUsageError(`unknown option --${name}`)
  const data = values.get('data')
  const weights = values.get('weights')
  if (!data) throw new BenchUsageError('--data: expected a dataset folder (one MVTec AD category)')
  if (!weights) throw new BenchUsageError('--weights: expected a ResNet18 safetensors file')
  const reference = values.get('reference') ?? (existsSync(DEFAULT_REFERENCE) ? DEFAULT_REFERENCE : undefined)
  return {
    data: resolve(cwd, data),
    weights: resolve(cwd, weights),
    coreset: values.has('coreset') ? numberOption('coreset', values.get('coreset'), (v) => v > 0 && v <= 1, 'a ratio in (0, 1]') : 1,
    graph: resolve(cwd, values.get('graph') ?? DEFAULT_GRAPH),
    jsonOut: resolve(cwd, values.get('json-out') ?? 'bench-result.json'),
    threads: values.has('threads') ? numberOption('threads', values.get('threads'), (v) => Number.isInteger(v) && v >= 1, 'a positive integer') : cpuCount,
    reference: reference ? resolve(cwd, reference) : undefined,
    full: flags.has('full'),
    finetune: values.has('finetune') ? numberOption('finetune', values.get('finetune'), (v) => Number.isInteger(v) && v >= 0, 'a whole number of updates') : 0,
  }
}
