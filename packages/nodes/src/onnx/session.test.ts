import { describe, expect, it } from 'vitest'

import { createEngines } from '../engine/create-engines'
import { OnnxGraphBuilder } from './graph-builder'
import { MAX_CACHED_SESSIONS, cachedOnnxSession } from './session'

/** y = x * factor, a one-node model. */
function scaleModel(factor: number): Uint8Array {
  const builder = new OnnxGraphBuilder('scale')
  const x = builder.input('x', 'FLOAT', [2])
  builder.namedOp('Mul', [x, builder.floatConstant('factor', new Float32Array([factor]), [1])], 'y')
  builder.output('y', 'FLOAT', [2])
  return builder.toBytes()
}

describe('cachedOnnxSession', () => {
  it('builds a session once per key and engines, and runs the encoded model', async () => {
    const engines = createEngines({ threads: 1 })
    let builds = 0
    const build = (): Uint8Array => {
      builds += 1
      return scaleModel(3)
    }
    const first = await cachedOnnxSession(engines, 'k', build)
    const again = await cachedOnnxSession(engines, 'k', build)
    expect(again.session).toBe(first.session)
    expect(builds).toBe(1)
    expect(first.provider).toBe('cpu')
    const ort = await engines.onnx()
    const y = (await first.session.run({ x: new ort.Tensor('float32', new Float32Array([1, -2]), [2]) })).y
    expect(Array.from(y?.data as Float32Array)).toEqual([3, -6])
    const other = await cachedOnnxSession(createEngines({ threads: 1 }), 'k', build)
    expect(other.session).not.toBe(first.session)
  })

  it('keeps only the most recently used sessions', async () => {
    const engines = createEngines({ threads: 1 })
    const keep = await cachedOnnxSession(engines, 'keep', () => scaleModel(1))
    for (let i = 0; i < MAX_CACHED_SESSIONS; i++) {
      await cachedOnnxSession(engines, `k${i}`, () => scaleModel(i))
      await cachedOnnxSession(engines, 'keep', () => scaleModel(1))
    }
    expect((await cachedOnnxSession(engines, 'keep', () => scaleModel(1))).session).toBe(keep.session)
    let rebuilt = false
    await cachedOnnxSession(engines, 'k0', () => {
      rebuilt = true
      return scaleModel(0)
    })
    expect(rebuilt).toBe(true)
  })
})
