import { describe, expect, it } from 'vitest'

import { floatTensor } from '../contract/tensor'
import { decodeSafetensors, encodeSafetensors } from './safetensors'

const decodeTensorViews = (bytes: Buffer, label: string) => decodeSafetensors(bytes, label, { views: true }).tensors

describe('decodeSafetensors with views', () => {
  it('returns views into the file buffer, without copying', () => {
    const bytes = encodeSafetensors({
      features: floatTensor([2, 2], Float32Array.from([1, 2, 3, 4])),
      labels: { dtype: 'int32', shape: [2], data: Int32Array.from([0, -1]) },
    })
    const tensors = decodeTensorViews(bytes, 'test')
    expect(tensors.features?.data).toEqual(Float32Array.from([1, 2, 3, 4]))
    expect(tensors.features?.shape).toEqual([2, 2])
    expect(tensors.labels?.data).toEqual(Int32Array.from([0, -1]))
    expect(tensors.features?.data.buffer).toBe(bytes.buffer)
  })

  it('falls back to copies when a tensor is not aligned for a view', () => {
    const bytes = encodeSafetensors({
      a: { dtype: 'uint8', shape: [3], data: Uint8Array.from([1, 2, 3]) },
      b: floatTensor([2], Float32Array.from([0.5, -2])),
    })
    const tensors = decodeTensorViews(bytes, 'test')
    expect(tensors.b?.data).toEqual(Float32Array.from([0.5, -2]))
    expect(tensors.a?.data).toEqual(Uint8Array.from([1, 2, 3]))
    expect(tensors.b?.data.buffer).not.toBe(bytes.buffer)
  })

  it('refuses a header that runs past the end of the file', () => {
    const bytes = encodeSafetensors({ t: floatTensor([4]) })
    expect(() => decodeTensorViews(bytes.subarray(0, 20), 'cut.safetensors')).toThrow('cut.safetensors: header of')
  })
})
