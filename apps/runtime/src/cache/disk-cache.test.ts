import { mkdir, mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { floatTensor, type Tensor } from '@inspectflow/nodes'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { createDiskCache, SCRATCH_NAME } from './disk-cache'
import { MANIFEST_NAME, TENSORS_NAME, VALUE_NAME } from './manifest'
import { createOutputCache } from './output-cache'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'if-cache-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const key = 'a'.repeat(64)

interface SampleShape {
  backbone: { weights: Record<string, Tensor>; taps: string[] }
  maps: Tensor[]
  labels: Uint8Array
  stats: { auroc: number; count: number; best: number; none: null }
  wide: Float64Array
}

function sampleValue(): Record<string, unknown> {
  const weights: Record<string, Tensor> = {
    'layer1.0.conv1.weight': floatTensor([2, 3], Float32Array.from([1, 2, 3, 4, 5, 6.5])),
    'layer1/odd~name': { dtype: 'int32', shape: [3], data: Int32Array.from([-1, 0, 7]) },
  }
  return {
    backbone: { name: 'r18', weights, taps: ['layer2', 'layer3'] },
    maps: [floatTensor([1, 2], Float32Array.from([0.25, -3]))],
    labels: Uint8Array.from([0, 1, 1]),
    stats: { auroc: Number.NaN, count: 3, best: Number.POSITIVE_INFINITY, none: null },
    wide: Float64Array.from([0.1, 1e-300]),
  }
}

describe('disk cache', () => {
  it('round-trips tensors nested anywhere in a value through safetensors', async () => {
    const disk = createDiskCache(dir)
    await disk.write(key, sampleValue())
    expect((await readdir(join(dir, key))).sort()).toEqual([MANIFEST_NAME, TENSORS_NAME, VALUE_NAME].sort())
    const read = await disk.read(key)
    expect(read.status).toBe('hit')
    const value = (read as { value: unknown }).value as SampleShape
    expect(value.backbone.weights['layer1.0.conv1.weight']?.data).toEqual(Float32Array.from([1, 2, 3, 4, 5, 6.5]))
    expect(value.backbone.weights['layer1.0.conv1.weight']?.shape).toEqual([2, 3])
    expect(value.backbone.weights['layer1/odd~name']?.data).toEqual(Int32Array.from([-1, 0, 7]))
    expect(value.backbone.taps).toEqual(['layer2', 'layer3'])
    expect(value.maps[0]?.data).toEqual(Float32Array.from([0.25, -3]))
    expect(value.labels).toEqual(Uint8Array.from([0, 1, 1]))
    expect(value.stats.auroc).toBeNaN()
    expect(value.stats.best).toBe(Number.POSITIVE_INFINITY)
    expect(value.stats.none).toBeNull()
    expect(value.wide).toEqual(Float64Array.from([0.1, 1e-300]))
  })

  it('reports a miss for an absent entry and for one without a manifest', async () => {
    const disk = createDiskCache(dir)
    expect(await disk.read(key)).toEqual({ status: 'miss' })
    await disk.write(key, { a: 1 })
    await rm(join(dir, key, MANIFEST_NAME))
    expect(await disk.read(key)).toEqual({ status: 'miss' })
  })

  it('detects a truncated tensors file', async () => {
    const disk = createDiskCache(dir)
    await disk.write(key, sampleValue())
    const path = join(dir, key, TENSORS_NAME)
    const size = (await readFile(path)).length
    await truncate(path, size - 5)
    const read = await disk.read(key)
    expect(read.status).toBe('corrupt')
    expect((read as { reason: string }).reason).toMatch(/tensors\.safetensors is \d+ bytes, the manifest says/)
  })

  it('detects a same-size change of the data through the checksum', async () => {
    const disk = createDiskCache(dir)
    await disk.write(key, sampleValue())
    const path = join(dir, key, TENSORS_NAME)
    const bytes = await readFile(path)
    bytes[bytes.length - 2] = (bytes[bytes.length - 2] as number) ^ 0xff
    await writeFile(path, bytes)
    const read = await disk.read(key)
    expect(read).toEqual({ status: 'corrupt', reason: `${TENSORS_NAME} does not match its sha256` })
  })

  it('refuses to store functions, naming where they sit', async () => {
    const disk = createDiskCache(dir)
    await expect(disk.write(key, { model: { predict: () => 1 } })).rejects.toThrow('/model/predict')
    expect(await disk.read(key)).toEqual({ status: 'miss' })
  })
})

describe('output cache', () => {
  it('deletes a damaged entry and reports why', async () => {
    const cache = createOutputCache({ dir })
    await cache.put(key, { t: floatTensor([4]) })
    await truncate(join(dir, key, TENSORS_NAME), 10)
    const fresh = createOutputCache({ dir })
    const lookup = await fresh.get(key)
    expect(lookup.hit).toBe(false)
    expect((lookup as { corruptReason?: string }).corruptReason).toBeTruthy()
    await expect(readdir(join(dir, key))).rejects.toThrow()
  })

  it('serves from memory first, then from disk in a fresh instance', async () => {
    const cache = createOutputCache({ dir })
    const value = { t: floatTensor([2], Float32Array.from([1, 2])) }
    await cache.put(key, value)
    expect(await cache.get(key)).toEqual({ hit: true, value, source: 'memory' })
    const fresh = await createOutputCache({ dir }).get(key)
    expect(fresh).toMatchObject({ hit: true, source: 'disk' })
  })
})

describe('scratch files of an entry', () => {
  it('survive storing the value, so a node can leave checkpoints or generated files for later runs', async () => {
    const disk = createDiskCache(dir)
    const scratch = join(disk.entryDir(key), SCRATCH_NAME)
    await mkdir(scratch, { recursive: true })
    await writeFile(join(scratch, 'checkpoint.bin'), 'state')
    await disk.write(key, { n: 1 })
    expect(await readFile(join(scratch, 'checkpoint.bin'), 'utf8')).toBe('state')
    expect(await disk.read(key)).toEqual({ status: 'hit', value: { n: 1 } })
  })
})
