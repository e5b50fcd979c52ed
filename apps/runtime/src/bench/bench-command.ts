import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'

import { type GraphFile, loadGraph, type NodeCatalog } from '@inspectflow/graph-schema'
import { createEngines, createRegistry, loadFolderDataset, type ScoresValue } from '@inspectflow/nodes'

import { executeGraph } from '../executor/execute-graph'
import { computeAccuracy } from './accuracy'
import { BENCH_USAGE, type BenchArgs, BenchUsageError, parseBenchArgs } from './bench-args'
import { type BenchResult, formatBenchResult } from './bench-report'
import { compareWithReference } from './reference-compare'
import { createStageTimer, peakRssMiB, type StageTiming } from './stage-timer'

/** Images a stage processes, from its node type and split: what its images/s is counted over. */
function stageImages(graph: GraphFile, nodeId: string, counts: { train: number; test: number }): number | undefined {
  const node = graph.nodes.find((n) => n.id === nodeId)
  if (!node) return undefined
  if (node.type === 'dataset.folder') return counts.train + counts.test
  if (node.type === 'features.extract') return node.params?.split === 'test' ? counts.test : counts.train
  if (node.type === 'memorybank.build') return counts.train
  if (node.type.startsWith('score.') || node.type === 'anomaly.map') return counts.test
  return undefined
}

/**
 * The scoring steps the bench times and evaluates: the score node, and the anomaly map it feeds whose
 * scores are evaluated. Scoring time is both together, as it was when one node did both.
 */
function scoringNodes(graph: GraphFile): { scorer: string; map: string } {
  const scorers = new Set(graph.nodes.filter((n) => n.type.startsWith('score.')).map((n) => n.id))
  const fed = graph.edges.find((e) => scorers.has(e.from.node) && e.from.port === 'patchScores' && graph.nodes.find((n) => n.id === e.to.node)?.type === 'anomaly.map')
  if (!fed) throw new BenchUsageError(`the graph has no score.ldknn or score.knn node feeding an anomaly.map node`)
  return { scorer: fed.from.node, map: fed.to.node }
}

/** The graph in its current form (older node versions upgraded), as every run sees it. */
function currentGraph(text: string, catalog: NodeCatalog): GraphFile {
  const loaded = loadGraph(text, catalog)
  // a graph with problems still has its current form (a missing --data is reported by the run itself)
  if (!loaded.graph) throw new BenchUsageError(`the graph cannot be read: ${loaded.problems[0]?.message ?? 'unknown problem'}`)
  return loaded.graph
}

/** The graph param that sets fine-tuning updates; only a graph that has it can be fine-tuned. */
function finetuneOverride(graph: GraphFile, updates: number): Record<string, number> {
  if (updates === 0 && !graph.params?.finetuneUpdates) return {}
  if (!graph.params?.finetuneUpdates) throw new BenchUsageError(`--finetune: the graph has no finetuneUpdates param`)
  return { finetuneUpdates: updates }
}

/** The fine-tuning node's own throughput line (training only, without loading the image pool). */
const FINETUNE_THROUGHPUT = /fine-tuning throughput ([\d.]+) images\/s on (.+)$/

async function runBench(args: BenchArgs, log: (text: string) => void, signal: AbortSignal): Promise<BenchResult> {
  const registry = createRegistry()
  const graph = currentGraph(await readFile(args.graph, 'utf8'), registry.catalog)
  const { scorer, map: scoreId } = scoringNodes(graph)
  const isScoring = (nodeId: string): boolean => nodeId === scorer || nodeId === scoreId
  const dataset = await loadFolderDataset({ root: args.data, layout: 'auto', imageSize: 256, checkHeaders: false })
  const counts = { train: dataset.train.length, test: dataset.test.length }
  const workDir = await mkdtemp(join(os.tmpdir(), 'inspectflow-bench-'))
  const timer = createStageTimer()
  const started = Date.now()
  const notes: string[] = []
  let finetune: BenchResult['finetune']
  const lastTenth = new Map<string, number>()
  const logProgress = (nodeId: string, done: number, total: number, message = ''): void => {
    // one line per node, phase and tenth of the work: enough to see it move, little enough for a log file
    const key = `${nodeId}/${message}`
    const tenth = total > 0 ? Math.floor((done / total) * 10) : 0
    if ((lastTenth.get(key) ?? -1) >= tenth) return
    lastTenth.set(key, tenth)
    log(`  ${nodeId}: ${message} ${done}/${total} (${((Date.now() - started) / 1000).toFixed(0)} s)`)
  }
  try {
    const result = await executeGraph({
      runId: `bench-${Date.now()}`,
      graph,
      registry,
      engines: createEngines({ threads: args.threads }),
      overrides: { dataRoot: args.data, weights: args.weights, coreset: args.coreset, ...finetuneOverride(graph, args.finetune) },
      targets: args.full ? undefined : [`${scoreId}.scores`],
      cacheDir: join(workDir, 'cache'),
      artifactDir: join(workDir, 'artifacts'),
      baseDir: process.cwd(),
      seed: 0,
      signal,
      onEvent: (event) => {
        timer.onEvent(event)
        if (event.type === 'node:finished') log(`  ${event.nodeId} finished in ${(event.ms / 1000).toFixed(1)} s`)
        if (event.type === 'node:log') {
          const throughput = FINETUNE_THROUGHPUT.exec(event.message)
          if (throughput) finetune = { imagesPerSecond: Number(throughput[1]), engine: throughput[2]! }
          notes.push(`${event.nodeId}: ${event.message}`)
          log(`  ${event.nodeId}: ${event.message}`)
        }
        if (event.type === 'node:progress') logProgress(event.nodeId, event.done, event.total, event.message)
      },
    })
    if (result.status !== 'finished') throw new Error(`bench run ${result.status}: ${result.error?.message ?? ''}`)
    const totalSeconds = (Date.now() - started) / 1000
    const scores = result.outputs[`${scoreId}.scores`] as ScoresValue
    const stages: StageTiming[] = timer.stages.map((s) => {
      const images = stageImages(graph, s.nodeId, counts)
      return images === undefined || s.ms === 0 ? s : { ...s, images, imagesPerSecond: images / (s.ms / 1000) }
    })
    const seconds = (pred: (s: StageTiming) => boolean): number => stages.filter(pred).reduce((sum, s) => sum + s.ms, 0) / 1000
    const accuracy = await computeAccuracy(scores, signal)
    const reference = args.reference ? await compareWithReference(args.reference, scores) : undefined
    const testFeatures = graph.nodes.find((n) => n.type === 'features.extract' && n.params?.split === 'test')?.id
    const featuresAndScoringMs = seconds((s) => s.nodeId === testFeatures || isScoring(s.nodeId)) * 1000
    const densityMs = scores.timing?.densityMs ?? 0
    return {
      dataset: args.data,
      weights: args.weights,
      graph: args.graph,
      coreset: args.coreset,
      finetuneUpdates: args.finetune,
      finetune,
      threads: args.threads,
      method: scores.method,
      trainImages: counts.train,
      testImages: counts.test,
      stages,
      totalSeconds,
      bankAndScoringSeconds: seconds((s) => s.nodeType === 'memorybank.build' || isScoring(s.nodeId)),
      msPerTestImage: (featuresAndScoringMs - densityMs) / counts.test,
      msPerTestImageWithDensities: featuresAndScoringMs / counts.test,
      densitiesComputed: scores.timing?.densitiesComputed ?? 0,
      densitySeconds: densityMs / 1000,
      peakRssMiB: peakRssMiB(),
      accuracy,
      reference,
      notes,
    }
  } finally {
    timer.stop()
    await rm(workDir, { recursive: true, force: true })
  }
}

/**
 * `inspectflow bench --data DIR --weights FILE [--coreset R] ...`: runs the REB graph on one category
 * with a fresh cache, prints per-stage timings, memory and accuracy, and writes them as JSON.
 * Resolves with the exit code (0 ok, 1 failed, 2 usage, 130 cancelled).
 */
export async function benchCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write(BENCH_USAGE)
    return 0
  }
  let args: BenchArgs
  try {
    args = parseBenchArgs(argv, process.cwd(), os.availableParallelism())
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error
    process.stderr.write(`inspectflow bench: ${error.message}\n${BENCH_USAGE}`)
    return 2
  }
  const controller = new AbortController()
  const onInterrupt = (): void => controller.abort()
  process.on('SIGINT', onInterrupt)
  try {
    const result = await runBench(args, (text) => process.stderr.write(`${text}\n`), controller.signal)
    process.stdout.write(formatBenchResult(result))
    await writeFile(args.jsonOut, `${JSON.stringify(result, null, 2)}\n`)
    process.stdout.write(`wrote ${args.jsonOut}\n`)
    return 0
  } catch (error) {
    process.stderr.write(`inspectflow bench: ${error instanceof Error ? error.message : String(error)}\n`)
    return controller.signal.aborted ? 130 : 1
  } finally {
    process.off('SIGINT', onInterrupt)
  }
}
