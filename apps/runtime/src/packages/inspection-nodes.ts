import type { ExecutionPlan, PlannedNode, PortRef } from '@inspectflow/graph-schema'

import { PackageError } from './package-errors'
import type { InspectionScoring } from './fitted-inspection'

/** The nodes of a graph a package is made of, found by following the edges up from its threshold. */
export interface InspectionNodes {
  threshold: PlannedNode
  map: PlannedNode
  scorer: PlannedNode
  bank: PlannedNode
  testFeatures: PlannedNode
  /** The node giving the FeatureExtractor (features.embed). */
  extractor: PortRef
  dataset: PortRef
  /** eval.metrics fed by the same map, when the graph has one: its numbers go into the provenance. */
  metrics?: PlannedNode
}

const SCORERS = new Set(['score.ldknn', 'score.knn'])

function notExportable(message: string): PackageError {
  return new PackageError('invalid_content', `this graph cannot be exported as an inspection package: ${message}`)
}

/** The one node feeding `port` of `node`, of one of the expected types. */
function upstream(plan: Map<string, PlannedNode>, node: PlannedNode, port: string, types: string[]): { ref: PortRef; node: PlannedNode } {
  const ref = node.inputs[port]?.[0]
  const found = ref ? plan.get(ref.node) : undefined
  if (!ref || !found || !types.includes(found.node.type)) {
    throw notExportable(`node "${node.id}" (${node.node.type}) input "${port}" must come from ${types.join(' or ')}, found ${found ? `"${found.id}" (${found.node.type})` : 'nothing'}`)
  }
  return { ref, node: found }
}

/**
 * Finds the fitted inspection in a planned graph: its single decide.threshold, the anomaly.map whose
 * scores it thresholds, that map's scorer (score.ldknn or score.knn), the scorer's memory bank and
 * test features, and the extractor and dataset behind them. Anything else in the graph (reports,
 * metrics) is not part of the package.
 */
export function findInspectionNodes(plan: ExecutionPlan): InspectionNodes {
  const nodes = new Map(plan.nodes.map((n) => [n.id, n]))
  const thresholds = plan.nodes.filter((n) => n.node.type === 'decide.threshold')
  if (thresholds.length !== 1) throw notExportable(`expected exactly one decide.threshold node, found ${thresholds.length}`)
  const threshold = thresholds[0] as PlannedNode
  const map = upstream(nodes, threshold, 'scores', ['anomaly.map']).node
  const scorer = upstream(nodes, map, 'patchScores', [...SCORERS])
  if (scorer.ref.port !== 'patchScores') throw notExportable(`anomaly.map "${map.id}" must take its image scores from ${scorer.node.id}.patchScores`)
  const mapRef = map.inputs.mapScores?.[0]
  if (mapRef && !(mapRef.node === scorer.node.id && mapRef.port === 'nearestDistances')) {
    throw notExportable(`anomaly.map "${map.id}" mapScores must be unconnected or ${scorer.node.id}.nearestDistances, found ${mapRef.node}.${mapRef.port}`)
  }
  const bank = upstream(nodes, scorer.node, 'bank', ['memorybank.build']).node
  const testFeatures = upstream(nodes, scorer.node, 'features', ['features.extract']).node
  const extractor = upstream(nodes, testFeatures, 'extractor', ['features.embed']).ref
  const dataset = testFeatures.inputs.dataset?.[0]
  if (!dataset) throw notExportable(`features.extract "${testFeatures.id}" has no dataset`)
  const metrics = plan.nodes.find((n) => n.node.type === 'eval.metrics' && n.inputs.scores?.[0]?.node === map.id)
  return { threshold, map, scorer: scorer.node, bank, testFeatures, extractor, dataset, ...(metrics ? { metrics } : {}) }
}

/** The scoring recipe: the scorer's and the map's resolved params. */
export function scoringOf(found: InspectionNodes): InspectionScoring {
  const scorerParams = found.scorer.params as { k: number; alpha?: number }
  const mapParams = found.map.params as { sigma: number; imageScore: InspectionScoring['imageScore'] }
  return {
    scorer: found.scorer.node.type === 'score.ldknn' ? 'ldknn' : 'knn',
    k: scorerParams.k,
    alpha: scorerParams.alpha ?? 0,
    imageScore: mapParams.imageScore,
    sigma: mapParams.sigma,
    mapScores: found.map.inputs.mapScores?.[0] ? 'nearestDistances' : 'patchScores',
  }
}

/** The `nodeId.port` outputs an export computes. */
export function exportTargets(found: InspectionNodes): string[] {
  return [
    `${found.bank.id}.bank`,
    `${found.extractor.node}.${found.extractor.port}`,
    `${found.dataset.node}.${found.dataset.port}`,
    `${found.threshold.id}.threshold`,
    `${found.map.id}.scores`,
    ...(found.metrics ? [`${found.metrics.id}.metrics`] : []),
  ]
}
