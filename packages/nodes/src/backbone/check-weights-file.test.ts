import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { describeArchitecture, listConvLayers } from './architecture'
import { checkWeightsFile } from './check-weights-file'
import { torchvisionBatchNormName } from './fold-batchnorm'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'if-check-weights-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

interface RawTensor {
  dtype: 'F32' | 'I64'
  shape: number[]
  bytes: Buffer
}

/** Writes a safetensors file by hand, so that it can hold I64 scalars as PyTorch state dicts do. */
async function writeRawSafetensors(file: string, tensors: Record<string, RawTensor>): Promise<void> {
  const header: Record<string, unknown> = {}
  let offset = 0
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.bytes.length] }
    offset += t.bytes.length
  }
  const json = Buffer.from(JSON.stringify(header))
  const length = Buffer.alloc(8)
  length.writeBigUInt64LE(BigInt(json.length))
  await writeFile(file, Buffer.concat([length, json, ...Object.values(tensors).map((t) => t.bytes)]))
}

const floats = (shape: number[], value: () => number): RawTensor => {
  const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, value)
  return { dtype: 'F32', shape, bytes: Buffer.from(data.buffer) }
}

/**
 * A full ResNet18 state dict laid out as torchvision's `state_dict()` saves it (and as the hub's
 * tv_in1k safetensors hold it): convs without bias, BatchNorm separate with an int64
 * num_batches_tracked scalar, and the fc classifier the trunk does not use.
 */
function torchvisionStateDict(): Record<string, RawTensor> {
  const rng = createRandom('torchvision-layout')
  const tensors: Record<string, RawTensor> = {}
  for (const conv of listConvLayers(describeArchitecture('resnet18'))) {
    tensors[`${conv.name}.weight`] = floats([conv.outChannels, conv.inChannels, conv.kernel, conv.kernel], () => rng.normal() * 0.05)
    const bn = torchvisionBatchNormName(conv.name)
    tensors[`${bn}.weight`] = floats([conv.outChannels], () => 1)
    tensors[`${bn}.bias`] = floats([conv.outChannels], () => 0)
    tensors[`${bn}.running_mean`] = floats([conv.outChannels], () => 0)
    tensors[`${bn}.running_var`] = floats([conv.outChannels], () => 1)
    tensors[`${bn}.num_batches_tracked`] = { dtype: 'I64', shape: [], bytes: Buffer.alloc(8) }
  }
  tensors['fc.weight'] = floats([1000, 512], () => 0)
  tensors['fc.bias'] = floats([1000], () => 0)
  return tensors
}

describe('checkWeightsFile', () => {
  it('accepts a torchvision-layout ResNet18 state dict (BatchNorm separate, int64 counters, fc) up to layer4', async () => {
    const file = path.join(dir, 'tv.safetensors')
    await writeRawSafetensors(file, torchvisionStateDict())
    expect(await checkWeightsFile(file, 'resnet18', 'FILE')).toEqual({ deepestStage: 'layer4', tensorCount: 20 * 6 + 2 })
  })

  it('names a missing BatchNorm tensor', async () => {
    const tensors = torchvisionStateDict()
    delete tensors['layer1.0.bn2.running_var']
    const file = path.join(dir, 'no-var.safetensors')
    await writeRawSafetensors(file, tensors)
    await expect(checkWeightsFile(file, 'resnet18', 'FILE')).rejects.toThrow(/FILE: expected resnet18 weights .* layer1\.0\.bn2: expected weight, bias, running_mean and running_var of \[64\]/)
  })
})
