import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { floatTensor, type Tensor } from '@inspectflow/nodes'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { createOutputCache } from '../../cache/output-cache'

// Probe of issue 14 item 1: damage to a cached tensor file that keeps its size must never be served.

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'if-cache-probe-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const key = 'c'.repeat(64)

/** Flips the sign bit of float32 words `first` and `first + 4` counted from the start of the file. */
function negatePairInOneLane(bytes: Buffer, first: number): void {
  for (const word of [first, first + 4]) bytes[word * 4 + 3] = (bytes[word * 4 + 3] as number) ^ 0x80
}

describe('disk cache entries damaged in place', () => {
  it('refuses a tensors file whose values were negated in pairs (same size, same old lane checksum)', async () => {
    const values = Float32Array.from({ length: 256 }, (_, i) => 0.5 + i / 256)
    await createOutputCache({ dir }).put(key, { map: floatTensor([16, 16], values) })
    const file = join(dir, key, 'tensors.safetensors')
    const bytes = await readFile(file)
    const dataStart = 8 + Number(bytes.readBigUInt64LE(0))
    const firstWord = Math.ceil(dataStart / 4) + 8
    negatePairInOneLane(bytes, firstWord)
    negatePairInOneLane(bytes, firstWord + 1)
    await writeFile(file, bytes)

    // a fresh process: nothing in the memory tier
    const lookup = await createOutputCache({ dir }).get(key)
    if (lookup.hit) {
      const served = (lookup.value as { map: Tensor }).map.data as Float32Array
      expect(served.filter((v) => v < 0).length, 'negated values were served as cached').toBe(0)
    }
    expect(lookup).toEqual({ hit: false, corruptReason: 'tensors.safetensors does not match its sha256' })
  })
})
