export * from './contract/context'
export * from './contract/define-node'
export * from './contract/errors'
export * from './contract/random'
export * from './contract/socket-values'
export * from './contract/tensor'
export * from './engine/create-engines'
export * from './engine/engines'
export * from './registry'

// Values and helpers the runtime works with besides running nodes: the cache's tensor codec, the
// values its CLI tables and reports read, and what the bench calls to score a folder outside a graph.
export { decodeSafetensors, encodeSafetensors, readSafetensors, type SafetensorsContent } from './io/safetensors'
export type { DatasetImage, DatasetValue } from './datasets/dataset-value'
export { loadFolderDataset } from './datasets/load-folder-dataset'
export type { ScoresValue, ScoringTiming } from './scoring/scores-value'
export type { MetricSet, MetricsValue, ReportValue, ThresholdValue } from './eval/eval-values'
export { computeMetrics } from './eval/compute-metrics'
export { loadMasks } from './eval/load-masks'
// the weights store the CLI's `weights list/add/pull` fill and backbone.pretrained reads
export * from './backbone/weights-store'
export { KNOWN_WEIGHTS, knownWeights, type KnownWeights } from './backbone/known-weights'
export { checkWeightsFile } from './backbone/check-weights-file'
export { sha256File } from './backbone/file-hash'
