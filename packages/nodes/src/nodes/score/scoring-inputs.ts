import { Type } from '@sinclair/typebox'

import { NodeInputError } from '../../contract/errors'
import type { PatchFeaturesValue } from '../../features/features-value'
import type { MemoryBankValue } from '../../memorybank/memorybank-value'
import type { Matrix } from '../../scoring/blocked-knn'

/** Ports of both scoring nodes: a bank and test features in, scores out. */
export const scoringPorts = {
  inputs: {
    bank: { type: 'MemoryBank', description: 'Memory bank of the normal training patches' },
    features: { type: 'PatchFeatures', description: 'Patch features of the test images' },
  },
  outputs: { scores: { type: 'Scores', description: 'Image scores, patch maps and pixel maps' } },
} as const

/** Block-size and map params of both scoring nodes. */
export const blockParams = {
  queryBlock: Type.Integer({ minimum: 1, maximum: 65536, default: 2048, description: 'Test patches per distance block (memory ~ queryBlock x bankBlock x 4 bytes)' }),
  bankBlock: Type.Integer({ minimum: 1, maximum: 262144, default: 16384, description: 'Bank entries per distance block' }),
  sigma: Type.Number({ minimum: 0.1, maximum: 64, default: 4, description: 'Gaussian sigma of the pixel maps, in pixels' }),
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
