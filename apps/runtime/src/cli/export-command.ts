import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

import { createEngines, weightsStoreDir } from '@inspectflow/nodes'

import { ExportError, exportPackage, type ExportResult } from '../packages/export-package'
import { PackageError } from '../packages/package-errors'
import { PACKAGE_EXTENSION } from '../packages/package-manifest'
import { formatVerifyReport, verifyPackage } from '../packages/verify-package'
import { programVersion } from '../server/server-options'
import { type CliIo, EXIT, UsageError } from './cli-io'
import { createPlainPrinter } from './progress-printer'
import { readGraphFile } from './read-graph-file'
import { parseOverrides } from './run-args'

interface ExportArgs {
  graphPath: string
  overrides: Record<string, string>
  out: string
  weightsByHash: boolean
  verify: boolean
  cacheDir?: string
}

function parseExportArgs(argv: string[]): ExportArgs {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { set: { type: 'string', multiple: true }, out: { type: 'string' }, 'weights-by-hash': { type: 'boolean' }, verify: { type: 'boolean' }, cache: { type: 'string' } },
    })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const { values, positionals } = parsed
  if (positionals.length !== 1) throw new UsageError(`export takes exactly one GRAPH, got ${positionals.length}`)
  if (!values.out) throw new UsageError(`export needs --out FILE${PACKAGE_EXTENSION}`)
  return {
    graphPath: positionals[0] as string,
    overrides: parseOverrides(values.set ?? []),
    out: values.out,
    weightsByHash: values['weights-by-hash'] ?? false,
    verify: values.verify ?? false,
    ...(values.cache ? { cacheDir: values.cache } : {}),
  }
}

function describeExport(result: ExportResult, out: string): string {
  const { fitted, manifest } = result
  const bytes = manifest.entries.reduce((sum, e) => sum + e.size, 0)
  return [
    `wrote ${out} (${(bytes / 1e6).toFixed(1)} MB, ${manifest.entries.length + 1} entries)`,
    `  bank: ${fitted.bank.rows} of ${fitted.bank.fullRows} patches x ${fitted.bank.dim}; scoring ${fitted.scoring.scorer} k=${fitted.scoring.k}`,
    `  threshold ${fitted.threshold.value} (${fitted.threshold.method}); images ${fitted.preprocessing.imageSize} px ${fitted.preprocessing.resample} ${fitted.preprocessing.fit}`,
    `  ran ${result.executed.length} node(s), reused ${result.cached.length} from the cache`,
    '',
  ].join('\n')
}

/**
 * `inspectflow export GRAPH [--set k=v]... --out FILE.inspect [--weights-by-hash] [--verify]`: fits
 * (or reuses from the cache) what the package needs and writes it; --verify scores the graph's test
 * images with the written package and compares with the graph's own numbers. Exit 0 ok, 1 failed or
 * verify mismatch, 2 usage or invalid graph.
 */
export async function exportCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseExportArgs(argv)
  const file = await readGraphFile(io.cwd, args.graphPath)
  const out = resolve(io.cwd, args.out)
  const engines = createEngines()
  const storeDir = weightsStoreDir(io.env, io.cwd)
  const printer = createPlainPrinter(io.stdout)
  let result: ExportResult
  try {
    result = await exportPackage({
      graph: file.text,
      overrides: args.overrides,
      registry: io.registry,
      engines,
      cacheDir: resolve(io.cwd, args.cacheDir ?? io.env.INSPECTFLOW_CACHE ?? join('.inspectflow', 'cache')),
      artifactDir: join(io.cwd, '.inspectflow', 'runs', `export-${Date.now().toString(36)}`),
      baseDir: io.cwd,
      out,
      weightsByHash: args.weightsByHash,
      weightsStoreDir: storeDir,
      inspectflowVersion: programVersion(),
      onEvent: (event) => printer.onEvent(event),
    })
  } catch (error) {
    if (!(error instanceof ExportError || error instanceof PackageError)) throw error
    io.stderr.write(`inspectflow export: ${error.message}\n`)
    return error instanceof ExportError && error.invalidGraph ? EXIT.usage : EXIT.runFailed
  } finally {
    printer.close()
  }
  io.stdout.write(describeExport(result, args.out))
  if (!args.verify) return EXIT.ok
  const report = await verifyPackage(out, result.graphScores, { engines, weightsStoreDir: storeDir })
  await writeFile(`${out}.verify.json`, `${JSON.stringify(report, null, 2)}\n`)
  io.stdout.write(`${formatVerifyReport(report)}  (written to ${args.out}.verify.json)\n`)
  return report.ok ? EXIT.ok : EXIT.runFailed
}
