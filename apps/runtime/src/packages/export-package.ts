import { createHash } from 'node:crypto'

import { formatProblems, type GraphFile, validateAndPlan } from '@inspectflow/graph-schema'
import { computeCoreDensities, type DatasetValue, type FeatureExtractorValue, type MemoryBankValue, type MetricsValue, type ScoresValue, type ThresholdValue } from '@inspectflow/nodes'

import { canonicalJson } from '../cache/canonical-json'
import { executeGraph } from '../executor/execute-graph'
import type { RunOptions } from '../executor/run-options'
import { writePackageFile } from './package-container'
import { encodeInspection } from './package-contents'
import type { PackageManifest, PackageProvenance } from './package-manifest'
import { referenceOf } from './package-weights'
import { exportTargets, findInspectionNodes, type InspectionNodes, scoringOf } from './inspection-nodes'
import type { FittedInspection } from './fitted-inspection'

/** Everything an export needs: the graph and how to run it (as for any run), and where the package goes. */
export interface ExportRequest
  extends Pick<RunOptions, 'graph' | 'registry' | 'engines' | 'cacheDir' | 'cache' | 'artifactDir' | 'baseDir' | 'dataRoots' | 'seed' | 'signal'>,
    Partial<Pick<RunOptions, 'onEvent'>> {
  overrides: Record<string, unknown>
  /** The package file to write. */
  out: string
  /** Record only the backbone weights' sha256 and store name instead of the weights. */
  weightsByHash: boolean
  weightsStoreDir: string
  inspectflowVersion: string
}

/** A package written, with the graph's own scores of its test images (for --verify). */
export interface ExportResult {
  manifest: PackageManifest
  fitted: FittedInspection
  /** The graph's anomaly.map output on its test images. */
  graphScores: ScoresValue
  dataset: DatasetValue
  executed: string[]
  cached: string[]
}

/** An export that could not run: an invalid graph (problems listed) or a failed run. */
export class ExportError extends Error {
  constructor(
    message: string,
    readonly invalidGraph = false,
  ) {
    super(message)
    this.name = 'ExportError'
  }
}

function metricsSummary(metrics: MetricsValue | undefined): Record<string, number | null> | null {
  if (!metrics) return null
  const o = metrics.overall
  return { imageAuroc: o.imageAuroc, pixelAuroc: o.pixelAuroc, aupro: o.aupro, imageCount: o.imageCount, anomalousCount: o.anomalousCount, f1: o.counts.f1 }
}

/** The graph without its editor layout (`ui` blocks): moving a node on the canvas fits nothing differently. */
function withoutLayout(graph: GraphFile): unknown {
  const { ui: _ui, ...rest } = graph
  return { ...rest, nodes: graph.nodes.map(({ ui: _nodeUi, ...node }) => node) }
}

function provenanceOf(request: ExportRequest, plan: { graph: GraphFile }, dataset: DatasetValue, metrics?: MetricsValue): PackageProvenance {
  const graphHash = createHash('sha256').update(canonicalJson({ graph: withoutLayout(plan.graph), overrides: request.overrides })).digest('hex')
  return {
    graphHash,
    graphName: plan.graph.name ?? 'graph',
    overrides: request.overrides,
    nodeVersions: Object.fromEntries(plan.graph.nodes.map((n) => [n.type, n.typeVersion])),
    datasetFingerprint: dataset.fingerprint,
    metrics: metricsSummary(metrics),
    inspectflowVersion: request.inspectflowVersion,
    createdAt: new Date().toISOString(),
  }
}

async function fittedOf(request: ExportRequest, found: InspectionNodes, outputs: Record<string, unknown>): Promise<FittedInspection> {
  const bank = outputs[`${found.bank.id}.bank`] as MemoryBankValue
  const dataset = outputs[`${found.dataset.node}.${found.dataset.port}`] as DatasetValue
  const scoring = scoringOf(found)
  const densities = scoring.scorer === 'ldknn' ? await computeCoreDensities(request.engines, bank, scoring.k, request.signal ? { signal: request.signal } : {}) : undefined
  const extractor = outputs[`${found.extractor.node}.${found.extractor.port}`] as FeatureExtractorValue
  return {
    preprocessing: { imageSize: dataset.imageSize, resample: dataset.resample ?? 'bicubic', fit: dataset.fit ?? 'squash', normalisation: extractor.backbone.preprocess },
    extractor,
    bank: {
      core: bank.core.data,
      rows: bank.core.shape[0] as number,
      dim: bank.core.shape[1] as number,
      ...(densities ? { densities } : {}),
      coresetRatio: bank.coresetRatio,
      fullRows: (bank.full ?? bank.core).shape[0] as number,
      imageCount: bank.imageCount,
    },
    scoring,
    threshold: outputs[`${found.threshold.id}.threshold`] as ThresholdValue,
  }
}

/**
 * Runs the fitting part of a graph (what the package needs; cached outputs are reused) and writes
 * the package. The graph's own test scores come back for --verify.
 */
export async function exportPackage(request: ExportRequest): Promise<ExportResult> {
  const planned = validateAndPlan(request.graph, request.registry.catalog, { overrides: request.overrides })
  if (!planned.ok) throw new ExportError(`graph is invalid:\n${formatProblems(planned.problems)}`, true)
  const found = findInspectionNodes(planned.plan)
  const result = await executeGraph({
    runId: `export-${Date.now().toString(36)}`,
    graph: request.graph,
    registry: request.registry,
    engines: request.engines,
    overrides: request.overrides,
    targets: exportTargets(found),
    cacheDir: request.cacheDir,
    ...(request.cache ? { cache: request.cache } : {}),
    artifactDir: request.artifactDir,
    baseDir: request.baseDir,
    ...(request.dataRoots ? { dataRoots: request.dataRoots } : {}),
    seed: request.seed ?? 0,
    ...(request.signal ? { signal: request.signal } : {}),
    onEvent: request.onEvent ?? (() => undefined),
  })
  if (result.status !== 'finished') throw new ExportError(`the fitting run ${result.status}: ${result.error?.message ?? 'cancelled'}`)
  const fitted = await fittedOf(request, found, result.outputs)
  const dataset = result.outputs[`${found.dataset.node}.${found.dataset.port}`] as DatasetValue
  const metrics = found.metrics ? (result.outputs[`${found.metrics.id}.metrics`] as MetricsValue) : undefined
  const weightsRef = request.weightsByHash ? await referenceOf(fitted.extractor.backbone, request.weightsStoreDir) : undefined
  const entries = encodeInspection(fitted, planned.plan.graph, weightsRef)
  const manifest = await writePackageFile(request.out, entries, provenanceOf(request, planned.plan, dataset, metrics))
  const graphScores = result.outputs[`${found.map.id}.scores`] as ScoresValue
  return { manifest, fitted, graphScores, dataset, executed: result.executed, cached: result.cached }
}
