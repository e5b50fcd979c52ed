import { describe, expect, it } from 'vitest'

import { detectOnnxProvider } from './onnx-provider'

describe('detectOnnxProvider', () => {
  it('honours an explicit choice', () => {
    expect(detectOnnxProvider({ INSPECTFLOW_ONNX_PROVIDER: 'cuda' })).toBe('cuda')
    expect(detectOnnxProvider({ INSPECTFLOW_ONNX_PROVIDER: 'cpu' })).toBe('cpu')
  })
  it('falls back to the CPU where the CUDA provider library is not installed', () => {
    // this development machine and CI deny onnxruntime-node's CUDA download
    expect(detectOnnxProvider({})).toBe('cpu')
  })
})
