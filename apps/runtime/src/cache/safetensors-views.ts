import { decodeSafetensors } from '@inspectflow/nodes/io/safetensors'
import type { Tensor } from '@inspectflow/nodes'

interface HeaderEntry {
  dtype: string
  shape: number[]
  data_offsets: [number, number]
}

const VIEWS: Record<string, { dtype: Tensor['dtype']; bytes: number }> = {
  F32: { dtype: 'float32', bytes: 4 },
  I32: { dtype: 'int32', bytes: 4 },
  U8: { dtype: 'uint8', bytes: 1 },
}

/**
 * Decodes the tensors of a cache entry as views into the file's buffer instead of copies. A cache hit
 * of a 400 MB features entry then costs one read of the file rather than a read plus a copy (and half
 * the peak memory). Falls back to the copying decoder when any tensor is not directly viewable (a
 * dtype the cache does not write, or an offset that breaks the element alignment). The returned
 * arrays share one ArrayBuffer, which lives as long as any of them.
 */
export function decodeTensorViews(buffer: Buffer, label: string): Record<string, Tensor> {
  const header = readHeader(buffer, label)
  const dataStart = buffer.byteOffset + 8 + header.length
  const tensors: Record<string, Tensor> = {}
  for (const [name, raw] of Object.entries(header.entries)) {
    if (name === '__metadata__') continue
    const view = viewOf(raw as HeaderEntry, buffer, dataStart)
    if (!view) return decodeSafetensors(buffer, label).tensors
    tensors[name] = view
  }
  return tensors
}

function readHeader(buffer: Buffer, label: string): { length: number; entries: Record<string, unknown> } {
  if (buffer.length < 8) throw new Error(`${label}: ${buffer.length} bytes, too short for a safetensors header`)
  const length = Number(buffer.readBigUInt64LE(0))
  if (8 + length > buffer.length) throw new Error(`${label}: header of ${length} bytes runs past the end of the file`)
  try {
    return { length, entries: JSON.parse(buffer.subarray(8, 8 + length).toString('utf8')) as Record<string, unknown> }
  } catch {
    throw new Error(`${label}: header is not valid JSON`)
  }
}

function viewOf(entry: HeaderEntry, buffer: Buffer, dataStart: number): Tensor | undefined {
  const kind = VIEWS[entry.dtype]
  if (!kind || !Array.isArray(entry.shape) || !Array.isArray(entry.data_offsets)) return undefined
  const [start, end] = entry.data_offsets
  const count = entry.shape.reduce((a, b) => a * b, 1)
  const offset = dataStart + start
  const fits = end - start === count * kind.bytes && dataStart + end <= buffer.byteOffset + buffer.length
  if (!fits || offset % kind.bytes !== 0) return undefined
  const ab = buffer.buffer
  if (kind.dtype === 'float32') return { dtype: 'float32', shape: entry.shape, data: new Float32Array(ab, offset, count) }
  if (kind.dtype === 'int32') return { dtype: 'int32', shape: entry.shape, data: new Int32Array(ab, offset, count) }
  return { dtype: 'uint8', shape: entry.shape, data: new Uint8Array(ab, offset, count) }
}
