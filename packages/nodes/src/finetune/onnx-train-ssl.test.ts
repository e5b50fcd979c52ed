import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { CancelledError } from '../contract/errors'
import { referenceMakers } from '../defectmaker/reference-makers'
import { createEngines } from '../engine/create-engines'
import { TINY_ARCH, tinyBackbone, tinyPool } from '../../test/finetune-fixtures'
import { finetuneBackboneOnnx } from './onnx-train-ssl'
import { type FinetuneSettings, finetuneBackbone } from './train-ssl'

const settings: FinetuneSettings = {
  updates: 8,
  itemsPerMicroBatch: 1,
  microBatches: 2,
  trainableStages: ['layer2', 'layer3'],
  freezeUpdates: 2,
  seed: 'ssl-test',
  checkpointEvery: 0,
}
const engines = createEngines({ threads: 1 })
let scratch = ''

beforeAll(async () => {
  await tf.setBackend('cpu')
  scratch = await mkdtemp(join(tmpdir(), 'onnx-finetune-test-'))
})
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true })
})

const job = (overrides: Partial<FinetuneSettings> = {}, extra: { checkpointDir?: string; signal?: AbortSignal } = {}) => ({
  engines,
  backbone: tinyBackbone('w'),
  pool: tinyPool('pool'),
  makers: referenceMakers(),
  settings: { ...settings, ...overrides },
  architecture: TINY_ARCH,
  ...extra,
})

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!))
  return worst
}

describe('finetuneBackboneOnnx (REB-METHOD 4 on onnxruntime)', () => {
  it('lowers the 7-class sigmoid BCE loss on a small seeded run', async () => {
    const reports: { frozen: boolean; imagesPerSecond: number }[] = []
    const result = await finetuneBackboneOnnx({ ...job(), onUpdate: (r) => reports.push(r) })
    expect(result.losses).toHaveLength(8)
    const first = result.losses.slice(0, 3).reduce((a, b) => a + b) / 3
    const last = result.losses.slice(-3).reduce((a, b) => a + b) / 3
    expect(last).toBeLessThan(first * 0.9)
    expect(reports.map((r) => r.frozen)).toEqual([true, true, ...Array(6).fill(false)])
    expect(reports.every((r) => r.imagesPerSecond > 0)).toBe(true)
    expect(result.headStage).toBe('layer3')
  })

  it('trains to the same weights and losses as the tfjs trainer (same draws, same head)', async () => {
    const overrides = { updates: 4, freezeUpdates: 1, trainableStages: ['stem', 'layer2', 'layer3'] }
    const onnx = await finetuneBackboneOnnx(job(overrides))
    const tfjs = await finetuneBackbone({ ...job(overrides), tf })
    onnx.losses.forEach((loss, i) => expect(Math.abs(loss - tfjs.losses[i]!)).toBeLessThan(1e-4))
    for (const [name, tensor] of Object.entries(tfjs.weights)) {
      expect([name, maxDiff(onnx.weights[name]!.data, tensor.data) < 1e-4]).toEqual([name, true])
    }
  })

  it('keeps weight names and shapes, changes only the trainable stages', async () => {
    const backbone = tinyBackbone('w')
    const result = await finetuneBackboneOnnx(job({ updates: 3, freezeUpdates: 1, trainableStages: ['layer3'] }))
    expect(Object.keys(result.weights).sort()).toEqual(Object.keys(backbone.weights).sort())
    for (const [name, tensor] of Object.entries(backbone.weights)) {
      const trained = result.weights[name]!
      expect(trained.shape).toEqual(tensor.shape)
      expect([name, maxDiff(trained.data, tensor.data) > 1e-7]).toEqual([name, name.startsWith('layer3')])
    }
  })

  it('resumes from a checkpoint to the same weights as an uninterrupted run', async () => {
    const straight = await finetuneBackboneOnnx(job({ updates: 3, freezeUpdates: 1 }))
    const dir = join(scratch, 'resume')
    const partial = await finetuneBackboneOnnx(job({ updates: 2, freezeUpdates: 1, checkpointEvery: 1 }, { checkpointDir: dir }))
    expect(partial.resumedUpdates).toBe(0)
    const resumed = await finetuneBackboneOnnx(job({ updates: 3, freezeUpdates: 1, checkpointEvery: 1 }, { checkpointDir: dir }))
    expect(resumed.resumedUpdates).toBe(2)
    expect(resumed.losses).toHaveLength(1)
    const name = 'layer3.0.conv2.weight'
    expect(maxDiff(straight.weights[name]!.data, resumed.weights[name]!.data)).toBeLessThan(1e-6)
  })

  it('stops with CancelledError when the signal fires', async () => {
    const controller = new AbortController()
    const run = finetuneBackboneOnnx({ ...job({ updates: 50 }, { signal: controller.signal }), onUpdate: (r) => r.update === 2 && controller.abort() })
    await expect(run).rejects.toBeInstanceOf(CancelledError)
  })

  it('refuses trainable stages the trunk does not have', async () => {
    await expect(finetuneBackboneOnnx(job({ trainableStages: ['layer4'] }))).rejects.toThrow(/trainableStages.*layer4/)
  })
})
