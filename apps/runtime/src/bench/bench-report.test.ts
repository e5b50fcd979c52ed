import { describe, expect, it } from 'vitest'

import { type BenchResult, formatBenchResult } from './bench-report'

function result(overrides: Partial<BenchResult>): BenchResult {
  return {
    dataset: 'd', weights: 'w', graph: 'g', coreset: 1, finetuneUpdates: 0, threads: 2, method: 'ldknn', trainImages: 3, testImages: 2,
    stages: [], totalSeconds: 1, bankAndScoringSeconds: 0.5, msPerTestImage: 1, msPerTestImageWithDensities: 1, densitiesComputed: 0, densitySeconds: 0, peakRssMiB: 1,
    accuracy: { imageAuroc: 1, pixelAuroc: 1, anomalyOnlyPixelAuroc: 1, aupro: 1, images: 2, defective: 1, metrics: {} as BenchResult['accuracy']['metrics'] },
    notes: [],
    ...overrides,
  }
}

describe('formatBenchResult', () => {
  it('prints the fine-tuning throughput and engine when the run fine-tuned', () => {
    const text = formatBenchResult(result({ finetuneUpdates: 5, finetune: { imagesPerSecond: 12.345, engine: 'onnxruntime cpu' } }))
    expect(text).toContain('fine-tuning 12.35 img/s (5 updates on onnxruntime cpu)')
  })

  it('prints no fine-tuning line for ImageNet weights', () => {
    expect(formatBenchResult(result({}))).not.toContain('img/s (')
  })
})
