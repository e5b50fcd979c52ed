/**
 * Inspection speed over HTTP (`npm run bench:inspect`): fits bottle's REB graph (ResNet18 trunk at
 * 256 px, layer2+layer3, LDKNN K=9) with a 1% coreset, exports it as a package, imports it into a
 * warm server with a fresh data dir and sends one bottle test image at a time over HTTP. Prints p50/p99
 * end to end, the throughput of 8 concurrent clients, where a request's time goes, and the image and
 * pixel AUROC of the 1% package next to the full bank's. A benchmark that prints figures, not a test.
 *
 *   npm run bench:inspect -- [--data DIR] [--weights FILE] [--coreset 0.01] [--requests 200]
 *                            [--threads 2] [--skip-full] [--cache DIR]
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'

import type { GraphFile } from '@inspectflow/graph-schema'
import { createEngines, createRegistry, type MetricsValue } from '@inspectflow/nodes'

import { graphOf } from '../../apps/runtime/test/run-helpers'
import { executeGraph } from '../../apps/runtime/src/executor/execute-graph'
import { exportPackage } from '../../apps/runtime/src/packages/export-package'
import { InspectionModel } from '../../apps/runtime/src/packages/inspection-model'
import { openPackage } from '../../apps/runtime/src/packages/open-package'
import { verifyPackage } from '../../apps/runtime/src/packages/verify-package'
import { createServer } from '../../apps/runtime/src/server/create-server'

const REPO = path.resolve(import.meta.dirname, '../..')
const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: path.join(REPO, '../shared/datasets/mvtec_ad/bottle') },
    weights: { type: 'string', default: path.join(REPO, '../shared/weights/resnet18-imagenet-trunk.safetensors') },
    coreset: { type: 'string', default: '0.01' },
    requests: { type: 'string', default: '200' },
    threads: { type: 'string', default: '2' },
    cache: { type: 'string', default: path.join(REPO, '.inspectflow/bench-inspect-cache') },
    'skip-full': { type: 'boolean', default: false },
    verify: { type: 'boolean', default: false },
  },
})
const THREADS = Number(args.threads)
const CLIENTS = 8

/** bottle's REB graph without fine-tuning: what the package holds. */
function rebGraph(): GraphFile {
  const graph = graphOf(
    [
      { id: 'data', type: 'dataset.folder', typeVersion: 1, params: { root: '${params.dataRoot}', layout: 'mvtec', imageSize: 256 } },
      { id: 'backbone', type: 'backbone.pretrained', typeVersion: 1, params: { model: 'resnet18-imagenet', weightsPath: '${params.weights}' } },
      { id: 'tap2', type: 'layer.tap', typeVersion: 1, params: { layer: 'layer2' } },
      { id: 'tap3', type: 'layer.tap', typeVersion: 1, params: { layer: 'layer3' } },
      { id: 'embed', type: 'features.embed', typeVersion: 1, params: { patchSize: 3 } },
      { id: 'trainFeatures', type: 'features.extract', typeVersion: 1, params: { split: 'train' } },
      { id: 'testFeatures', type: 'features.extract', typeVersion: 1, params: { split: 'test' } },
      { id: 'bank', type: 'memorybank.build', typeVersion: 1, params: { coresetRatio: '${params.coreset}' } },
      { id: 'score', type: 'score.ldknn', typeVersion: 2, params: { k: 9, alpha: 1 } },
      { id: 'map', type: 'anomaly.map', typeVersion: 1, params: { sigma: 4 } },
      { id: 'threshold', type: 'decide.threshold', typeVersion: 1, params: { method: 'best-f1' } },
      { id: 'metrics', type: 'eval.metrics', typeVersion: 1, params: {} },
    ],
    [
      'backbone.backbone->tap2.backbone', 'backbone.backbone->tap3.backbone', 'tap2.tap->embed.taps', 'tap3.tap->embed.taps',
      'data.dataset->trainFeatures.dataset', 'embed.extractor->trainFeatures.extractor', 'data.dataset->testFeatures.dataset',
      'embed.extractor->testFeatures.extractor', 'trainFeatures.features->bank.features', 'bank.bank->score.bank',
      'testFeatures.features->score.features', 'score.patchScores->map.patchScores', 'score.nearestDistances->map.mapScores',
      'map.scores->threshold.scores', 'map.scores->metrics.scores', 'threshold.threshold->metrics.threshold',
    ],
  )
  graph.name = 'REB bottle (ResNet18, LDKNN)'
  graph.params = { dataRoot: { type: 'string', default: '' }, weights: { type: 'string', default: '' }, coreset: { type: 'number', default: 1 } }
  return graph
}

const registry = createRegistry()
const overrides = (coreset: number): Record<string, unknown> => ({ dataRoot: path.resolve(args.data), weights: path.resolve(args.weights), coreset })

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

const fmt = (ms: number): string => `${ms.toFixed(1)} ms`
const pct = (v: number | null | undefined): string => (v === null || v === undefined ? 'n/a' : `${(100 * v).toFixed(2)}%`)

async function testImages(): Promise<string[]> {
  const root = path.join(path.resolve(args.data), 'test')
  const files: string[] = []
  for (const type of (await readdir(root)).sort()) for (const file of (await readdir(path.join(root, type))).sort()) files.push(path.join(root, type, file))
  return files
}

/** The full bank's metrics from the graph itself (the package would need every core density: hours). */
async function fullBankMetrics(work: string): Promise<MetricsValue | undefined> {
  if (args['skip-full']) return undefined
  const started = performance.now()
  const result = await executeGraph({
    runId: 'bench-full', graph: rebGraph(), registry, engines: createEngines({ threads: THREADS }), overrides: overrides(1), targets: ['metrics.metrics'],
    cacheDir: args.cache, artifactDir: path.join(work, 'full-artifacts'), baseDir: REPO, onEvent: () => undefined,
  })
  if (result.status !== 'finished') throw new Error(`full-bank run ${result.status}: ${result.error?.message}`)
  console.log(`full bank fitted and scored in ${((performance.now() - started) / 1000).toFixed(0)} s (cached runs reuse it)`)
  return result.outputs['metrics.metrics'] as MetricsValue
}

async function post(url: string, image: Buffer): Promise<{ ms: number; serverMs: number }> {
  const started = performance.now()
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: new Uint8Array(image) })
  const body = (await res.json()) as { ms: number; error?: { message: string } }
  if (!res.ok) throw new Error(`inspect answered ${res.status}: ${body.error?.message}`)
  return { ms: performance.now() - started, serverMs: body.ms }
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'bench-inspect-'))
  console.log(`bench:inspect on ${availableParallelism()} cores (load ${loadavg()[0]?.toFixed(1)}), onnxruntime threads ${THREADS}; shared machines give noisy figures`)
  const engines = createEngines({ threads: THREADS })
  const file = path.join(work, 'bottle-1pct.inspect')
  const started = performance.now()
  const exported = await exportPackage({
    graph: rebGraph(), overrides: overrides(Number(args.coreset)), registry, engines, cacheDir: args.cache, artifactDir: path.join(work, 'artifacts'),
    baseDir: REPO, out: file, weightsByHash: false, weightsStoreDir: path.join(work, 'store'), inspectflowVersion: 'bench',
  })
  console.log(`export: ${((performance.now() - started) / 1000).toFixed(0)} s (ran ${exported.executed.length} nodes, reused ${exported.cached.length}); bank ${exported.fitted.bank.rows} of ${exported.fitted.bank.fullRows} patches`)
  if (args.verify) {
    const report = await verifyPackage(file, exported.graphScores, { engines, weightsStoreDir: path.join(work, 'store') })
    console.log(`verify: ${report.ok ? 'passed' : 'FAILED'}, image ${report.maxImageScoreRelError.toExponential(2)}, pixel ${report.maxPixelRelError.toExponential(2)} largest relative difference`)
  }
  const full = await fullBankMetrics(work)

  const server = await createServer({ port: 0, dataDir: path.join(work, 'server'), dataRoots: [work], baseDir: work, registry, engines, editorDir: null, logger: { warn: () => {}, error: console.error } })
  try {
    const upload = await fetch(`${server.url}/api/packages?name=bottle`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: new Uint8Array(await readFile(file)) })
    if (upload.status !== 201) throw new Error(`upload answered ${upload.status}: ${await upload.text()}`)
    const images = await Promise.all((await testImages()).map((f) => readFile(f)))
    const url = `${server.url}/api/packages/bottle/inspect`
    for (const image of images.slice(0, 5)) await post(url, image)
    const requests = Number(args.requests)
    const sequential: { ms: number; serverMs: number }[] = []
    // CPU time of this process (server, onnxruntime's threads and the client) per image: on a shared
    // machine the wall times include waiting for other work, the CPU time does not
    const cpuBefore = process.cpuUsage()
    for (let i = 0; i < requests; i++) sequential.push(await post(url, images[i % images.length] as Buffer))
    const cpu = process.cpuUsage(cpuBefore)
    const cpuMsPerImage = (cpu.user + cpu.system) / 1000 / requests
    const ends = sequential.map((r) => r.ms).sort((a, b) => a - b)
    const inServer = sequential.map((r) => r.serverMs).sort((a, b) => a - b)
    console.log(`\none image at a time over HTTP (${requests} requests, bottle 900x900 PNGs):`)
    console.log(`  end to end p50 ${fmt(percentile(ends, 50))}, p99 ${fmt(percentile(ends, 99))} (targets 20 / 40 ms); inside the server p50 ${fmt(percentile(inServer, 50))}`)
    console.log(`  CPU time per image ${fmt(cpuMsPerImage)} (all threads; on ${THREADS} idle cores the wall time is at least ${fmt(cpuMsPerImage / THREADS)})`)
    const t0 = performance.now()
    let sent = 0
    await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = c; i < requests; i += CLIENTS) {
        await post(url, images[i % images.length] as Buffer)
        sent += 1
      }
    }))
    const seconds = (performance.now() - t0) / 1000
    console.log(`  ${CLIENTS} concurrent clients: ${(sent / seconds).toFixed(1)} images/s (${sent} in ${seconds.toFixed(1)} s; queued requests are scored in batches)`)
  } finally {
    await server.close()
  }
  await profile(file, engines, work)
  const pkg = exported.manifest.provenance.metrics
  console.log(`\naccuracy on bottle's ${exported.graphScores.images.length} test images:`)
  console.log(`  ${args.coreset} coreset package: image AUROC ${pct(pkg?.imageAuroc)}, pixel AUROC ${pct(pkg?.pixelAuroc)}`)
  if (full) console.log(`  full bank:           image AUROC ${pct(full.overall.imageAuroc)}, pixel AUROC ${pct(full.overall.pixelAuroc)}`)
  await rm(work, { recursive: true, force: true })
}

/** Where one request's time goes, in process (same code the server runs). */
async function profile(file: string, engines: ReturnType<typeof createEngines>, work: string): Promise<void> {
  const opened = await openPackage(file, { engines, weightsStoreDir: path.join(work, 'store') })
  const model = await InspectionModel.load(opened.fitted, engines)
  const images = await Promise.all((await testImages()).slice(0, 40).map((f) => readFile(f)))
  const stages = { decodeMs: [] as number[], featuresMs: [] as number[], searchMs: [] as number[], mapMs: [] as number[] }
  for (const image of images) {
    const [verdict] = await model.inspect([image])
    for (const key of Object.keys(stages) as (keyof typeof stages)[]) stages[key].push(verdict?.timing[key] ?? 0)
  }
  const median = (values: number[]): number => percentile([...values].sort((a, b) => a - b), 50)
  console.log(`\nper-request stages (median of ${images.length}, in process): decode ${fmt(median(stages.decodeMs))}, features ${fmt(median(stages.featuresMs))}, nearest neighbours ${fmt(median(stages.searchMs))}, map ${fmt(median(stages.mapMs))}`)
}

await main()
