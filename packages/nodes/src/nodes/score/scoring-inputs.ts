import { NodeInputError } from '../../contract/errors'
import { DEFAULT_SEARCH_BLOCKS, type Engines, type SearchBlocks } from '../../engine/engines'
import type { PatchFeaturesValue } from '../../features/features-value'
import type { MemoryBankValue } from '../../memorybank/memorybank-value'
import { floatTensor } from '../../contract/tensor'
import type { Matrix } from '../../scoring/blocked-knn'
import type { PatchScoresValue } from '../../scoring/patch-scores-value'

/** Ports of both scoring nodes: a bank and test features in, the score of every patch out. */
export const scoringPorts = {
  inputs: {
    bank: { type: 'MemoryBank', description: 'Memory bank of the normal training patches' },
    features: { type: 'PatchFeatures', description: 'Patch features of the test images' },
  },
  outputs: { patchScores: { type: 'PatchScores', description: 'The anomaly score of every patch; an anomaly map node turns them into image scores and maps' } },
} as const

/** The search blocks of the machine (engine options), not of the graph: they never change a score. */
export function searchBlocks(engines: Engines): SearchBlocks {
  return engines.options.searchBlocks ?? DEFAULT_SEARCH_BLOCKS
}

/** The test patches as a [N*H*W, D] matrix, checked against the bank's dimension. */
export function queryMatrix(features: PatchFeaturesValue, bank: MemoryBankValue): Matrix {
  const shape = features.features.shape
  if (shape.length !== 4) throw new NodeInputError('features', 'a [N, H, W, D] tensor', `shape [${shape.join(', ')}]`)
  const dim = shape[3] as number
  const bankDim = bank.core.shape[1] as number
  if (dim !== bankDim) throw new NodeInputError('features', `${bankDim}-dimensional patches like the memory bank`, `${dim}`, 'Use the same feature extractor for the bank and the test images.')
  return { data: features.features.data, rows: features.features.data.length / dim, dim }
}

/** The core (and full) bank as matrices. */
export function bankMatrices(bank: MemoryBankValue): { core: Matrix; full: Matrix } {
  const dim = bank.core.shape[1] as number
  const core = { data: bank.core.data, rows: bank.core.shape[0] as number, dim }
  const full = bank.full ? { data: bank.full.data, rows: bank.full.shape[0] as number, dim } : core
  return { core, full }
}

/** Refuses a K the bank cannot serve, naming the param. */
export function checkK(k: number, available: number, what: string): void {
  if (k > available) throw new NodeInputError('k', `at most ${available} (${what})`, `${k}`)
}

/**
 * Scoring the training images is a wiring mistake (one features.extract feeding both the bank and the
 * scorer): every patch finds itself in the bank and every image looks perfect. Said, not refused, since
 * a deliberate self-check is possible.
 */
export function warnIfTrainSplit(features: PatchFeaturesValue, log: { warn(message: string): void }): void {
  if (features.split !== 'train') return
  log.warn('scoring the TRAIN images: the features come from a features.extract with split "train"; connect one with split "test" to score the test images')
}

/** The PatchScores value of one scoring of the test features: one score per patch, laid out as the features. */
export function patchScoresOf(features: PatchFeaturesValue, scores: Float32Array, method: string, timing: PatchScoresValue['timing']): PatchScoresValue {
  const [count, height, width] = features.features.shape as [number, number, number, number]
  return { images: features.images, patchMaps: floatTensor([count, height, width], scores), imageSize: features.imageSize, method, timing }
}
