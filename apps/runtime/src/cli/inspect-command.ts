import { mkdir, readdir, stat, writeFile } from 'node:fs/promises'
import { basename, extname, join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'

import { createEngines, weightsStoreDir } from '@inspectflow/nodes'

import { heatMapPng } from '../packages/heat-map'
import { InspectionModel } from '../packages/inspection-model'
import { openPackage } from '../packages/open-package'
import { type CliIo, UsageError } from './cli-io'

/** Exit codes of `inspect`: a line script branches on them. */
export const INSPECT_EXIT = { allNormal: 0, error: 1, usage: 2, anomalous: 3 } as const

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.bmp', '.dib', '.tif', '.tiff', '.webp'])

interface InspectArgs {
  packagePath: string
  inputs: string[]
  outDir?: string
  json: boolean
}

function parseInspectArgs(argv: string[]): InspectArgs {
  let parsed
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string' }, json: { type: 'boolean' } } })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const [packagePath, ...inputs] = parsed.positionals
  if (!packagePath || inputs.length === 0) throw new UsageError('inspect takes a PACKAGE and at least one IMAGE or DIR')
  return { packagePath, inputs, json: parsed.values.json ?? false, ...(parsed.values.out ? { outDir: parsed.values.out } : {}) }
}

/** Image files of a folder and its sub-folders, sorted. */
async function imagesUnder(dir: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) found.push(...(await imagesUnder(path)))
    else if (entry.isFile() && IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase())) found.push(path)
  }
  return found
}

/** The image files the arguments name: files as given, folders expanded. */
async function imageFiles(cwd: string, inputs: string[]): Promise<string[]> {
  const files: string[] = []
  for (const input of inputs) {
    const path = resolve(cwd, input)
    const info = await stat(path).catch(() => undefined)
    if (!info) throw new Error(`no such image or folder: ${input}`)
    files.push(...(info.isDirectory() ? await imagesUnder(path) : [path]))
  }
  if (files.length === 0) throw new Error(`no images (${[...IMAGE_EXTENSIONS].join(', ')}) in ${inputs.join(', ')}`)
  return files
}

/** One image's result, as printed and as --json writes it. */
interface InspectRow {
  image: string
  score: number
  threshold: number
  anomalous: boolean
  map?: string
  ms: number
}

/** A unique overlay name per image: its path below the cwd with separators flattened. */
function overlayName(cwd: string, file: string): string {
  const rel = relative(cwd, file)
  const flat = (rel.startsWith('..') ? basename(file) : rel).replace(/[\\/]/g, '__')
  return `${flat.slice(0, flat.length - extname(flat).length)}.png`
}

async function inspectAll(args: InspectArgs, io: CliIo, files: string[]): Promise<InspectRow[]> {
  const engines = createEngines()
  const opened = await openPackage(resolve(io.cwd, args.packagePath), { engines, weightsStoreDir: weightsStoreDir(io.env, io.cwd) }, args.packagePath)
  const model = await InspectionModel.load(opened.fitted, engines)
  const outDir = args.outDir ? resolve(io.cwd, args.outDir) : undefined
  if (outDir) await mkdir(outDir, { recursive: true })
  const rows: InspectRow[] = []
  for (const file of files) {
    const started = performance.now()
    const [verdict] = await model.inspect([file])
    if (!verdict) continue
    const row: InspectRow = { image: relative(io.cwd, file) || file, score: verdict.score, threshold: verdict.threshold, anomalous: verdict.anomalous, ms: 0 }
    if (outDir) {
      row.map = join(outDir, overlayName(io.cwd, file))
      await writeFile(row.map, await heatMapPng(verdict))
    }
    row.ms = Math.round((performance.now() - started) * 10) / 10
    rows.push(row)
    if (!args.json) io.stdout.write(`${row.anomalous ? 'ANOMALOUS' : 'normal   '}  score ${row.score.toPrecision(6)}  threshold ${row.threshold.toPrecision(6)}  ${row.image}${row.map ? `  map ${relative(io.cwd, row.map)}` : ''}\n`)
  }
  return rows
}

/**
 * `inspectflow inspect PACKAGE IMAGE|DIR... [--out DIR] [--json]`: the score, threshold and decision
 * of every image, and with --out a heat-map overlay PNG each. Exit 0 when every image is normal, 3
 * when any is anomalous, 1 on an error (unreadable package or image), 2 on a bad command line.
 */
export async function inspectCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseInspectArgs(argv)
  let rows: InspectRow[]
  try {
    rows = await inspectAll(args, io, await imageFiles(io.cwd, args.inputs))
  } catch (error) {
    io.stderr.write(`inspectflow inspect: ${(error as Error).message}\n`)
    return INSPECT_EXIT.error
  }
  const anomalous = rows.filter((r) => r.anomalous).length
  if (args.json) io.stdout.write(`${JSON.stringify({ images: rows, anomalous, normal: rows.length - anomalous }, null, 2)}\n`)
  else io.stdout.write(`${rows.length} image(s): ${anomalous} anomalous, ${rows.length - anomalous} normal\n`)
  return anomalous > 0 ? INSPECT_EXIT.anomalous : INSPECT_EXIT.allNormal
}
