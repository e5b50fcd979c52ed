import { describe, expect, it } from 'vitest'

import { BenchUsageError, parseBenchArgs } from './bench-args'
import { spearman } from './reference-compare'

describe('parseBenchArgs', () => {
  it('resolves paths against the cwd and reads the coreset ratio', () => {
    const args = parseBenchArgs(['--data', 'd/bottle', '--weights=w.safetensors', '--coreset', '0.1', '--json-out', 'out.json'], '/tmp/x', 2)
    expect(args.data).toBe('/tmp/x/d/bottle')
    expect(args.weights).toBe('/tmp/x/w.safetensors')
    expect(args.coreset).toBe(0.1)
    expect(args.jsonOut).toBe('/tmp/x/out.json')
    expect(args.threads).toBe(2)
    expect(args.graph.endsWith('graphs/reb-mvtec.json')).toBe(true)
    expect(args.finetune).toBe(0)
  })

  it('reads the number of fine-tuning updates and refuses a fraction', () => {
    expect(parseBenchArgs(['--data', 'd', '--weights', 'w', '--finetune', '30'], '/', 2).finetune).toBe(30)
    expect(() => parseBenchArgs(['--data', 'd', '--weights', 'w', '--finetune', '2.5'], '/', 2)).toThrow(/--finetune: expected a whole number of updates, found 2.5/)
  })

  it('names the bad option', () => {
    expect(() => parseBenchArgs(['--weights', 'w'], '/', 2)).toThrow(/--data: expected a dataset folder/)
    expect(() => parseBenchArgs(['--data', 'd', '--weights', 'w', '--coreset', '2'], '/', 2)).toThrow(/--coreset: expected a ratio in \(0, 1\], found 2/)
    expect(() => parseBenchArgs(['--data', 'd', '--weights', 'w', '--fast', '1'], '/', 2)).toThrow(BenchUsageError)
  })
})

describe('spearman', () => {
  it('is 1 for the same order, -1 for the reverse, and averages tied ranks', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12)
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12)
    // ranks [1, 2.5, 2.5, 4] vs [1, 2, 3, 4]: Pearson of these = 0.9486833
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(0.9486833, 6)
  })
})
